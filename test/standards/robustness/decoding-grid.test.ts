import { describe, expect, it } from "vitest";
import {
  isDefaultPoint,
  parseDecodingGrid,
  pointDir,
  pointLabel,
} from "../../../src/standards/robustness/decoding-grid.js";

describe("--sweep-decoding grids", () => {
  it("is the cartesian product, the first key varying slowest", () => {
    expect(parseDecodingGrid("temperature=0,0.7,1.0;top_p=1,0.9")).toEqual([
      { temperature: 0, top_p: 1 },
      { temperature: 0, top_p: 0.9 },
      { temperature: 0.7, top_p: 1 },
      { temperature: 0.7, top_p: 0.9 },
      { temperature: 1, top_p: 1 },
      { temperature: 1, top_p: 0.9 },
    ]);
    expect(parseDecodingGrid(" top_k = 1 , 40 ;")).toEqual([{ top_k: 1 }, { top_k: 40 }]);
  });

  it("names a point for the table and for its directory", () => {
    expect(pointLabel({ temperature: 0.7, top_p: 0.9 })).toBe("temperature=0.7,top_p=0.9");
    expect(pointDir({ temperature: 0.7, top_p: 0.9 })).toBe("temperature-0.7_top_p-0.9");
  });

  it("refuses unknown keys, repeats, and values that are not numbers", () => {
    expect(() => parseDecodingGrid("temp=0,1")).toThrow(/unknown key "temp"; expected one of temperature, top_p/);
    expect(() => parseDecodingGrid("top_p=1;top_p=0.9")).toThrow(/top_p is given twice/);
    expect(() => parseDecodingGrid("top_p=1,x")).toThrow(/top_p needs a list of numbers/);
    expect(() => parseDecodingGrid("top_p=")).toThrow(/top_p needs a list of numbers/);
    expect(() => parseDecodingGrid("top_p=1,1")).toThrow(/repeats a value/);
    expect(() => parseDecodingGrid(";")).toThrow(/at least one key/);
  });

  it("the default point is the task's temperature with every other key neutral", () => {
    expect(isDefaultPoint({ temperature: 0, top_p: 1, top_k: 0, min_p: 0 }, 0)).toBe(true);
    expect(isDefaultPoint({ temperature: 0, top_k: -1, repetition_penalty: 1, presence_penalty: 0 }, 0)).toBe(true);
    expect(isDefaultPoint({ temperature: 0.7, top_p: 1 }, 0)).toBe(false);
    expect(isDefaultPoint({ top_p: 0.9 }, 0)).toBe(false);
    expect(isDefaultPoint({ frequency_penalty: 0 }, 0.5)).toBe(true);
  });
});
