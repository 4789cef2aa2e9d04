// Survival models (time-to-event endpoints): Cox, LASSO-Cox, survival forests, boosted Cox. Engine side: no HTTP, SQL or queue.
export {};
