/** Binary min-heap of (cost, state) pairs with lazy deletion; `pop` leaves the cost in `lastCost`. */
export class MinHeap {
  readonly #cost: number[] = [];
  readonly #state: number[] = [];
  lastCost = 0;

  get size(): number {
    return this.#cost.length;
  }

  push(cost: number, state: number): void {
    const c = this.#cost;
    const s = this.#state;
    let i = c.length;
    c.push(cost);
    s.push(state);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((c[parent] as number) <= cost) break;
      c[i] = c[parent] as number;
      s[i] = s[parent] as number;
      i = parent;
    }
    c[i] = cost;
    s[i] = state;
  }

  pop(): number {
    const c = this.#cost;
    const s = this.#state;
    const top = s[0] as number;
    this.lastCost = c[0] as number;
    const cost = c.pop() as number;
    const state = s.pop() as number;
    const n = c.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && (c[child + 1] as number) < (c[child] as number)) child++;
        if ((c[child] as number) >= cost) break;
        c[i] = c[child] as number;
        s[i] = s[child] as number;
        i = child;
      }
      c[i] = cost;
      s[i] = state;
    }
    return top;
  }
}
