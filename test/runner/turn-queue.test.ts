import { describe, expect, test } from "vitest";
import { TurnQueue } from "../../runner/shell/turn-queue.js";

const FAR = () => Date.now() + 60_000;

describe("TurnQueue", () => {
  test("turns come one at a time, in the order asked", async () => {
    const queue = new TurnQueue();
    const order: string[] = [];
    const first = await queue.wait(undefined, FAR());
    const second = queue.wait(undefined, FAR()).then((t) => {
      order.push("second");
      return t;
    });
    const third = queue.wait(undefined, FAR()).then((t) => {
      order.push("third");
      return t;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first.release();
    (await second).release();
    expect((await third).outcome).toBe("ready");
    expect(order).toEqual(["second", "third"]);
  });

  test("a waiter whose client goes away leaves at once; the one behind it still waits its turn", async () => {
    const queue = new TurnQueue();
    const first = await queue.wait(undefined, FAR());
    const abort = new AbortController();
    const canceled = queue.wait(abort.signal, FAR());
    let thirdReady = false;
    const third = queue.wait(undefined, FAR()).then((t) => {
      thirdReady = true;
      return t;
    });
    abort.abort();
    expect((await canceled).outcome).toBe("canceled");
    await new Promise((r) => setTimeout(r, 20));
    expect(thirdReady).toBe(false);
    first.release();
    expect((await third).outcome).toBe("ready");
  });

  test("a waiter whose deadline passes leaves with timed-out", async () => {
    const queue = new TurnQueue();
    const first = await queue.wait(undefined, FAR());
    const late = await queue.wait(undefined, Date.now() + 30);
    expect(late.outcome).toBe("timed-out");
    const next = queue.wait(undefined, FAR());
    first.release();
    expect((await next).outcome).toBe("ready");
  });

  test("an already aborted signal never gets a turn", async () => {
    const queue = new TurnQueue();
    const abort = new AbortController();
    abort.abort();
    expect((await queue.wait(abort.signal, FAR())).outcome).toBe("canceled");
    expect((await queue.wait(undefined, FAR())).outcome).toBe("ready");
  });
});
