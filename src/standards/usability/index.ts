// The usability standard: does the answer do what a person expects?
export * from "./ifeval/index.js";
