// Conditional questions: a question with data-show-if is shown only while one of those
// options of its source question is chosen. Without this script every question is shown,
// with a note saying when to answer it, and the server ignores answers to hidden ones.
(function () {
  "use strict";
  // After a refused send, take keyboard and screen-reader users to the list of errors.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var form = document.querySelector(".survey-form");
  if (!form) { return; }
  var conditional = form.querySelectorAll("[data-show-if]");
  function chosen(name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }
  function shown(question) {
    return !question.hidden;
  }
  function update() {
    conditional.forEach(function (question) {
      var source = document.getElementById("question-" + question.dataset.source.slice(1));
      var wanted = question.dataset.showIf.split(" ");
      var visible = (!source || shown(source)) &&
        chosen(question.dataset.source).some(function (v) { return wanted.indexOf(v) !== -1; });
      question.hidden = !visible;
      question.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !visible;
      });
    });
  }
  form.addEventListener("change", update);
  update();
})();
