import { describe, expect, it } from "vitest";
import { flatMap } from "./flat-map";

describe("flatMap", () => {
  it("gives what Array.prototype.flatMap gives: arrays spread one level, other values kept, with the index", () => {
    const items = [0, 1, 2, 3, 4];
    type Out = number | number[] | string;
    const each = (n: number, i: number): Out | Out[] => (n % 3 === 0 ? [] : n % 3 === 1 ? [n, [i]] : `${n}@${i}`);
    expect(flatMap(items, each)).toEqual(items.flatMap(each));
    expect(flatMap(items, each)).toEqual([1, [1], "2@2", 4, [4]]);
  });

  it("returns a new array, even for no items", () => {
    const none: number[] = [];
    expect(flatMap(none, (n) => [n])).toEqual([]);
    expect(flatMap(none, (n) => [n])).not.toBe(none);
  });
});
