import { tallyErrorEvent, type TallyErrorDetail } from './events.ts';

/**
 * Reports a widget's invalid input as a `tally-error` event once per distinct problem: the same message
 * again is not reported, a different one is, and once the problem is gone the next one is reported anew.
 * Call `report()` from `updated()` with the current problem (or `undefined`).
 */
export class InvalidAttributeReporter {
  #reported: string | undefined;

  report(host: EventTarget, problem: TallyErrorDetail | undefined): void {
    if (problem === undefined) this.#reported = undefined;
    else if (problem.message !== this.#reported) {
      this.#reported = problem.message;
      host.dispatchEvent(tallyErrorEvent(problem));
    }
  }
}
