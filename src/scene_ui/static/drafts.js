// Drafts kept in this browser (see scene_ui/drafts.py and docs/pwa.md, "Drafts"): every keystroke in a
// field marked data-scene-draft-field is written to localStorage at once, offline too, and the server
// adds what was chosen on the page (sceneDrafts.keep). When the page is opened again the server reads the
// draft back (sceneDrafts.read) and puts it into the form. A draft is
// {state: <the server's answers>, typed: {<field>: <text>}, at: <ms>}, under scene.draft.<member>.<form>,
// and is forgotten after DAYS_KEPT days.
(() => {
  const PREFIX = "scene.draft.";
  const DAYS_KEPT = 7;
  const KEPT_MS = DAYS_KEPT * 24 * 60 * 60 * 1000;

  function load(key) {
    try {
      const draft = JSON.parse(localStorage.getItem(key) || "null");
      if (draft && Date.now() - draft.at <= KEPT_MS) return draft;
      localStorage.removeItem(key);
    } catch {
      // no storage (private mode) or a broken entry: no draft
    }
    return null;
  }

  function store(key, draft) {
    try {
      localStorage.setItem(key, JSON.stringify({ ...draft, at: Date.now() }));
    } catch {
      // no storage, or full: the draft lives as long as the page
    }
  }

  window.sceneDrafts = {
    // What the form answered last: the server's answers with what was typed since on top.
    read(key) {
      const draft = load(key);
      return draft ? { ...draft.state, ...draft.typed } : null;
    },
    keep(key, state) {
      store(key, { typed: {}, ...load(key), state });
    },
    drop(key) {
      try {
        localStorage.removeItem(key);
      } catch {
        // no storage: nothing was kept
      }
    },
  };

  document.addEventListener(
    "input",
    (event) => {
      const field = event.target.closest?.("[data-scene-draft-field]");
      const key = field?.getAttribute("data-scene-draft");
      if (!key?.startsWith(PREFIX)) return;
      const draft = load(key) || { state: {}, typed: {} };
      draft.typed = { ...draft.typed, [field.getAttribute("data-scene-draft-field")]: event.target.value };
      store(key, draft);
    },
    true,
  );

  // Drafts left behind (a form never opened again) go after DAYS_KEPT days too.
  try {
    Object.keys(localStorage)
      .filter((key) => key.startsWith(PREFIX))
      .forEach(load);
  } catch {
    // no storage
  }
})();
