// Give each rich-text editor the accessible name of its form label. The editor
// (django-prose-editor) replaces the textarea with an editable area that has no name of its own,
// so screen readers would announce an unnamed text box. Runs once the editor has appeared.
(function () {
  "use strict";
  function label(textarea) {
    var labelElement = document.querySelector('label[for="' + textarea.id + '"]');
    if (!labelElement) { return; }
    if (!labelElement.id) { labelElement.id = textarea.id + "_label"; }
    var help = document.getElementById(textarea.id + "_helptext");
    var apply = function () {
      var root = textarea.closest(".prose-editor") || textarea.parentElement;
      var editable = root && root.querySelector("[contenteditable=\"true\"]");
      if (!editable) { return false; }
      editable.setAttribute("aria-labelledby", labelElement.id);
      if (help) { editable.setAttribute("aria-describedby", help.id); }
      return true;
    };
    if (apply()) { return; }
    var observer = new MutationObserver(function () { if (apply()) { observer.disconnect(); } });
    observer.observe(textarea.parentElement.parentElement || document.body, { childList: true, subtree: true });
  }
  document.querySelectorAll("textarea[data-django-prose-editor-configurable]").forEach(label);
})();
