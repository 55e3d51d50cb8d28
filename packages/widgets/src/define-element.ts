/**
 * Registers `ctor` as `tag` unless the tag is already defined, so loading the widgets bundle twice (for
 * example by two micro-frontends on one page) does not throw `NotSupportedError`.
 *
 * @returns `true` when this call defined the element, `false` when the tag was already taken.
 * @example
 * defineElement('kpi-tile', KpiTile);
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): boolean {
  if (typeof customElements === 'undefined' || customElements.get(tag) !== undefined) return false;
  customElements.define(tag, ctor);
  return true;
}
