// Agreement pages: small enhancements; every form works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Goals: show the filled rows and one empty row; "Add a goal" reveals the next one.
  const fieldset = document.querySelector("[data-goals]");
  if (fieldset) {
    const rows = Array.from(fieldset.querySelectorAll("[data-goal-row]"));
    const button = fieldset.querySelector("[data-add-goal]");
    const isEmpty = (row) => {
      const input = row.querySelector("input");
      return input && !input.value.trim() && !row.querySelector(".invalid-feedback");
    };
    let lastUsed = -1;
    rows.forEach((row, i) => { if (!isEmpty(row)) lastUsed = i; });
    rows.forEach((row, i) => { if (i > Math.max(lastUsed + 1, 0)) row.hidden = true; });
    const update = () => { button.hidden = !rows.some((row) => row.hidden); };
    if (button) {
      button.addEventListener("click", () => {
        const next = rows.find((row) => row.hidden);
        if (next) {
          next.hidden = false;
          const input = next.querySelector("input");
          if (input) input.focus();
        }
        update();
      });
      update();
    }
  }
  // Print view: a print button for those who look for one.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
