import { noChange, type ElementPart } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';

/** CSS declarations by property name as CSS spells it (`height`, `border-color`, `--col`); nullish removes. */
export type StyleProps = Readonly<Record<string, string | null | undefined>>;

/**
 * Sets inline styles through the CSSOM (`style.setProperty`) on every render, the first included. Lit's
 * `styleMap` writes a `style="…"` attribute on first render, which a Content-Security-Policy without
 * `style-src-attr 'unsafe-inline'` blocks; CSSOM writes are not governed by CSP, so widgets stay styled on
 * strict host pages.
 *
 * @example
 * html`<div class="fill" ${styleProps({ width: `${percent}%` })}></div>`
 */
class StylePropsDirective extends Directive {
  #set = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProps() goes on an element: <div ${styleProps({ … })}>');
  }

  render(_styles: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [StyleProps]): typeof noChange {
    const { style } = part.element as HTMLElement | SVGElement;
    for (const name of this.#set) if (styles[name] == null) style.removeProperty(name);
    this.#set = new Set();
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.#set.add(name);
    }
    return noChange;
  }
}

/** See {@link StylePropsDirective}. */
export const styleProps = directive(StylePropsDirective);
