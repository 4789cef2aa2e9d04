/**
 * Runs at most `limit` async jobs at once; the others start in submission order as
 * running ones settle. The engine uses it to keep at most two feature sets live
 * (data and fold caches in every worker), so memory stays bounded however many
 * feature sets an experiment has.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((start) => this.waiting.push(start)); // the settling job hands its slot over
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
