// Small progressive enhancements. Everything works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Submit the language switcher as soon as a language is chosen.
  const select = document.getElementById("language-select");
  if (select && select.form) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
});
