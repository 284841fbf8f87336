// Minutes and seconds left until `deadline`, ticking in the browser (so it runs on while the
// connection is away); `skew` is the server's clock minus this phone's, measured when the page was
// drawn. From an hour up it shows `long_text` (the server's words; seconds say nothing there).
// Emits `end` once when the time is up.
export default {
  template: `<span role="timer" aria-live="off">{{ shown }}</span>`,
  props: { deadline: Number, server_now: Number, long_text: String, initial: String },
  data() {
    return { shown: this.initial, timer: null, skew: this.server_now - Date.now() };
  },
  mounted() {
    this.tick();
    this.timer = setInterval(this.tick, 1000);
  },
  unmounted() {
    clearInterval(this.timer);
  },
  methods: {
    tick() {
      const left = Math.max(0, Math.floor((this.deadline - (Date.now() + this.skew)) / 1000));
      this.shown = left >= 3600 ? this.long_text : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (left === 0) {
        clearInterval(this.timer);
        this.$emit("end");
      }
    },
  },
};
