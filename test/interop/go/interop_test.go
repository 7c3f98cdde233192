// An independent client: Go, grpc-go, and code generated from proto/ by buf.
// It drives a running daemon over gRPC (HTTP/2 cleartext). The address and
// API key come from SANDKASTEN_URL and SANDKASTEN_API_KEY.
package interop

import (
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	v1 "sandkasten.test/interop/gen/sandkasten/v1"
)

func dial(t *testing.T) (*grpc.ClientConn, context.Context) {
	t.Helper()
	u, err := url.Parse(os.Getenv("SANDKASTEN_URL"))
	if err != nil || u.Host == "" {
		t.Fatalf("SANDKASTEN_URL must be the daemon's http://host:port (got %q)", os.Getenv("SANDKASTEN_URL"))
	}
	conn, err := grpc.NewClient(u.Host, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dial %s: %v", u.Host, err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+os.Getenv("SANDKASTEN_API_KEY"))
	return conn, ctx
}

func TestSessionExecAndFiles(t *testing.T) {
	conn, ctx := dial(t)
	sessions := v1.NewSessionServiceClient(conn)
	exec := v1.NewExecServiceClient(conn)
	files := v1.NewFsServiceClient(conn)

	created, err := sessions.CreateSession(ctx, &v1.CreateSessionRequest{Image: "base"})
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	id := created.GetSession().GetId()
	defer sessions.DestroySession(ctx, &v1.DestroySessionRequest{Id: id})

	if _, err := exec.Exec(ctx, &v1.ExecRequest{SessionId: id, Cmd: "cd /tmp && export GREETING=hallo"}); err != nil {
		t.Fatalf("Exec: %v", err)
	}
	res, err := exec.Exec(ctx, &v1.ExecRequest{SessionId: id, Cmd: "echo $GREETING; exit 3"})
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if res.GetOutput() != "hallo\n" || res.GetExitCode() != 3 || res.GetCwd() != "/tmp" {
		t.Fatalf("Exec answered output=%q exit=%d cwd=%q", res.GetOutput(), res.GetExitCode(), res.GetCwd())
	}

	stream, err := exec.ExecStream(ctx, &v1.ExecStreamRequest{SessionId: id, Cmd: "echo out; echo err >&2"})
	if err != nil {
		t.Fatalf("ExecStream: %v", err)
	}
	var stdout, stderr strings.Builder
	var ended *v1.ExecEnded
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("ExecStream.Recv: %v", err)
		}
		if out := msg.GetOutput(); out != nil {
			if out.GetStream() == v1.OutputStream_OUTPUT_STREAM_STDERR {
				stderr.Write(out.GetData())
			} else {
				stdout.Write(out.GetData())
			}
		}
		if e := msg.GetEnded(); e != nil {
			ended = e
		}
	}
	if stdout.String() != "out\n" || stderr.String() != "err\n" || ended == nil || ended.GetExitCode() != 0 {
		t.Fatalf("ExecStream gave stdout=%q stderr=%q ended=%v", stdout.String(), stderr.String(), ended)
	}

	content := []byte("grüße aus Go\n")
	if _, err := files.WriteFile(ctx, &v1.WriteFileRequest{SessionId: id, Path: "go/hello.txt", Content: content}); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	read, err := files.ReadFile(ctx, &v1.ReadFileRequest{SessionId: id, Path: "go/hello.txt"})
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	if string(read.GetContent()) != string(content) {
		t.Fatalf("ReadFile gave %q", read.GetContent())
	}
}

func TestErrorsCarryCodes(t *testing.T) {
	conn, ctx := dial(t)
	_, err := v1.NewSessionServiceClient(conn).GetSession(ctx, &v1.GetSessionRequest{Id: "doesnotexist"})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("GetSession of a missing id: want NotFound, got %v", err)
	}
	noKey := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer wrong")
	_, err = v1.NewSessionServiceClient(conn).ListSessions(noKey, &v1.ListSessionsRequest{})
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("wrong key: want Unauthenticated, got %v", err)
	}
}
