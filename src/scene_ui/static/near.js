// Sections built when the member scrolls near them (scene_ui.components.near): every element with the
// class `scene-near` gets a `scene-near` event once it comes within half a screen of the viewport.
(() => {
  const watcher = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        watcher.unobserve(entry.target);
        entry.target.dispatchEvent(new CustomEvent("scene-near"));
      }
    },
    { rootMargin: "50% 0px" },
  );
  const watchNew = () => {
    for (const element of document.querySelectorAll(".scene-near:not([data-scene-watched])")) {
      element.dataset.sceneWatched = "";
      watcher.observe(element);
    }
  };
  new MutationObserver(watchNew).observe(document.documentElement, { childList: true, subtree: true });
})();
