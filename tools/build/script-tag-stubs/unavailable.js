// What the script-tag bundle has in place of code it leaves out (see ../script-tag-stubs.mjs).

/** Throws the error every stub throws. */
export function fail(name) {
  throw new Error(`${name} is not in the Tally script-tag bundle; use the npm build`);
}

/**
 * A stand-in for an export left out: calling it, constructing it, reading or setting a property of it, `in` and
 * `instanceof` all throw {@link fail}'s error, so nothing can use it without failing loudly. Only storing it
 * (as Plot's lookup tables do) and `typeof` are harmless.
 */
export function unavailable(name) {
  const trap = () => fail(name);
  return new Proxy(function () {}, {
    apply: trap,
    construct: trap,
    get: trap,
    set: trap,
    has: trap,
    deleteProperty: trap,
    defineProperty: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
    getPrototypeOf: trap,
    setPrototypeOf: trap,
  });
}
