/**
 * A linear map of `domain` onto `range`: the one scale the eagerly loaded charts need, without d3 (the
 * script-tag bundle's entry stays small; Plot and its d3 load only with the time-series chart).
 *
 * @example
 * const y = linear([0, 100], [40, 0]); // y(50) === 20
 */
export function linear([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (value: number) => number {
  return (value) => {
    const t = (value - d0) / (d1 - d0);
    return r0 * (1 - t) + r1 * t;
  };
}
