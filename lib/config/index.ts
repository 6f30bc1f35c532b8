export * from "./choices";
export * from "./engines";
export * from "./shape";
export * from "./schedule";
export * from "./schema";
export * from "./cross-field-rules";
export * from "./codec";
export * from "./examples";
