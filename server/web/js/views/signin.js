// Sign in or create an account: a name and a password, nothing else to get going.

import { ApiError, api } from "../api.js";
import { field, h } from "../dom.js";
import { go } from "../router.js";

export const signInView = {
  name: "signin",
  title: "Sign in",
  public: true,
  fullScreen: true,

  enter(root) {
    const name = h("input", {
      name: "name",
      autocomplete: "username",
      autocapitalize: "none",
      spellcheck: "false",
      required: true,
      maxlength: "64",
    });
    const password = h("input", {
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    });
    const problem = h("p", { class: "problem", role: "alert", id: "signin-problem" });
    const busy = (on) => {
      for (const button of form.querySelectorAll("button")) button.disabled = on;
    };
    const submit = async (create) => {
      problem.textContent = "";
      if (!name.value.trim() || !password.value) {
        problem.textContent = "Enter your name and password.";
        return;
      }
      busy(true);
      try {
        if (create) {
          await api.signUp(name.value.trim(), password.value);
          go("settings");
        } else {
          await api.signIn(name.value.trim(), password.value);
          go("today");
        }
      } catch (error) {
        problem.textContent = error instanceof ApiError ? explain(error, create) : String(error);
      } finally {
        busy(false);
      }
    };
    const form = h(
      "form",
      {
        class: "card stack",
        "aria-describedby": "signin-problem",
        onsubmit: (event) => {
          event.preventDefault();
          submit(event.submitter && event.submitter.value === "create");
        },
      },
      field("Name", name),
      field("Password", password, "At least 8 characters for a new account."),
      problem,
      h("button", { type: "submit", class: "primary", value: "signin" }, "Sign in"),
      h("button", { type: "submit", class: "secondary", value: "create" }, "Create account"),
    );
    root.append(
      h(
        "section",
        { class: "signin" },
        h(
          "header",
          { class: "brand" },
          h("img", { src: "/app/icon.svg", alt: "", width: "72", height: "72" }),
          h("h1", {}, "trackcue"),
          h("p", {}, "Your track session, called out loud: reps, splits, rest countdowns."),
        ),
        form,
      ),
    );
    name.focus();
  },
};

function explain(error, create) {
  if (error.status === 401) return "That name and password do not match.";
  if (error.status === 409) return "That name is taken. Sign in, or choose another name.";
  if (error.status === 429) return `Too many attempts. ${error.detail}.`;
  if (error.status === 422 && create) {
    const first = error.errors[0];
    if (first && first.where.endsWith("password")) return "The password needs at least 8 characters.";
    if (first && first.where.endsWith("name")) return "Names use letters, digits, spaces, . ' and -.";
  }
  return error.explain();
}
