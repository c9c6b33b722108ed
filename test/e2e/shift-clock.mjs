// Preloaded into `node dist/index.js` (NODE_OPTIONS=--import) by end-to-end tests that play a
// schedule of runs hours apart: the whole process reads a clock TTP_TEST_CLOCK_SHIFT_MS ahead, as
// a later scheduled run would. Test code only; the action itself has no clock hook.
const shift = Number(process.env.TTP_TEST_CLOCK_SHIFT_MS ?? 0);
if (Number.isFinite(shift) && shift !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift);
      else super(...args);
    }
    static now() {
      return RealDate.now() + shift;
    }
  }
  globalThis.Date = ShiftedDate;
}
