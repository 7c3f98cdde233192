import v8 from "node:v8";
import vm from "node:vm";

/** Output between two young-generation collections. */
const MINOR_EVERY_BYTES = 4 << 20;
/** A command that streamed this much gets a full collection when it ends. */
const MAJOR_AFTER_BYTES = 16 << 20;

/**
 * Output leaves the runner as the chunks it was read in, whose memory
 * (outside V8's heap) is freed only when a collection finds them dead. A
 * stream allocates little else, so V8 would let tens of MB of dead chunks
 * pile up before it collects, and glibc keeps the heap they grew: an idle
 * session that had streamed 200 MB stayed at ~45 MiB. A young-generation
 * collection every few MB of output (a fraction of a millisecond, with so
 * little else alive) and a full one after a large output keep it near its
 * fresh size. The runner's command line is fixed (the tests find it by it),
 * so `gc` is exposed at run time.
 */
export class OutputMemory {
  private sinceMinor = 0;
  private total = 0;

  sent(bytes: number): void {
    this.total += bytes;
    this.sinceMinor += bytes;
    if (this.sinceMinor < MINOR_EVERY_BYTES) return;
    this.sinceMinor = 0;
    collector()?.({ type: "minor" });
  }

  /** After the call's last frame is on its way. */
  ended(): void {
    if (this.total >= MAJOR_AFTER_BYTES) setImmediate(() => collector()?.({ type: "major" }));
  }
}

type Collect = (o: { type: "minor" | "major" }) => void;
let collect: Collect | undefined | null;

/**
 * `gc`, exposed the first time a command streams enough to need it: the
 * context that exposing it takes would otherwise grow every runner's heap
 * at start, and V8 would spend a collection at idle on shrinking it again.
 */
function collector(): Collect | undefined {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      const gc: unknown = vm.runInNewContext("gc");
      collect = typeof gc === "function" ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect ?? undefined;
}
