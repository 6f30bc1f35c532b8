export * from "./choices";
export * from "./engines";
export * from "./schedule";
export * from "./schema";
export * from "./codec";
