// Programme and sign-up forms: show only the fields that apply to the current choice.
// Without JavaScript every field stays visible and the server ignores the ones that do not apply.
document.addEventListener("DOMContentLoaded", () => {
  const rules = [
    // [radio group name, field wrapper id, value that shows it]
    ["role", "div_id_capacity", "mentor"],
    ["length_mode", "div_id_planned_meetings", "meetings"],
    ["length_mode", "div_id_planned_until", "until_date"],
  ];
  for (const [name, wrapperId, value] of rules) {
    const wrapper = document.getElementById(wrapperId);
    const radios = document.querySelectorAll(`input[type=radio][name="${name}"]`);
    if (!wrapper || radios.length === 0) continue;
    const update = () => {
      const chosen = document.querySelector(`input[type=radio][name="${name}"]:checked`);
      wrapper.hidden = chosen !== null && chosen.value !== value;
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
    update();
  }
});
