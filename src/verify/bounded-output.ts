/**
 * Keeps the first and last `limit / 2` characters of a stream and says how much was cut between
 * them: the start of a log names the command, its end holds the failures.
 */
export class BoundedOutput {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(private readonly limit: number) {}

  append(chunk: string): void {
    this.total += chunk.length;
    const half = Math.floor(this.limit / 2);
    if (this.head.length < half) {
      const take = chunk.slice(0, half - this.head.length);
      this.head += take;
      chunk = chunk.slice(take.length);
    }
    if (chunk.length > 0) this.tail = (this.tail + chunk).slice(-half);
  }

  toString(): string {
    const cut = this.total - this.head.length - this.tail.length;
    if (cut <= 0) return this.head + this.tail;
    return `${this.head}\n… [${cut} characters cut; first and last ${this.head.length + this.tail.length} kept] …\n${this.tail}`;
  }
}
