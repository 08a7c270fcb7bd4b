/**
 * The request filter of the PDF print session: only the report files being
 * printed (and data: URLs) may load. It is installed once on the session and
 * each print adds its file for as long as it runs, so concurrent exports never
 * replace each other's filter (a print's own file stays allowed while another
 * starts or ends). No electron import.
 */
export class PrintRequestFilter {
  private readonly allowed = new Map<string, number>();

  /** Allow a file URL until the returned release is called (counted: the same URL may print twice). */
  allow(url: string): () => void {
    this.allowed.set(url, (this.allowed.get(url) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.allowed.get(url) ?? 1) - 1;
      if (n <= 0) this.allowed.delete(url);
      else this.allowed.set(url, n);
    };
  }

  /** Whether a request must be cancelled. */
  refuses(url: string): boolean {
    return !(url.startsWith('data:') || this.allowed.has(url));
  }

  /** How many prints are running. */
  get active(): number {
    let n = 0;
    for (const v of this.allowed.values()) n += v;
    return n;
  }
}
