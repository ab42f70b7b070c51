"""The CI recipes (.gitlab-ci.yml, .github/workflows/publier.yml): every invoke task and flag
they call exists in tasks.py as it is now, they check, build and publish with the project's
own tasks only, and they publish from main alone."""

from __future__ import annotations

import shlex
import sys

import pytest
import yaml
from invoke import Collection

from sitetools.build import ROOT

GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github" / "workflows" / "publier.yml"
# Preparing the machine is allowed; the work itself is done by invoke tasks only.
SETUP = (
    "python -m venv",
    ".venv/bin/pip install",
    "apt-get ",
    "sudo apt-get ",
    "install -m 700",
    "printf ",
    "chmod 600 ",
    "cp -RL ",
)


def gitlab_commands() -> dict[str, list[str]]:
    recipe = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    before = recipe.get("default", {}).get("before_script", [])
    return {
        name: [*before, *job["script"]]
        for name, job in recipe.items()
        if isinstance(job, dict) and "script" in job
    }


def github_commands() -> dict[str, list[str]]:
    recipe = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    return {
        name: [line for step in job["steps"] if "run" in step for line in step["run"].strip().splitlines()]
        for name, job in recipe["jobs"].items()
    }


def commands_of(line: str) -> list[str]:
    return [part.strip() for part in line.replace("&&", "\n").splitlines() if part.strip()]


def invoke_calls(jobs: dict[str, list[str]]) -> list[tuple[str, str, list[str]]]:
    """(job, task, flags) of every invoke call."""
    calls = []
    for job, lines in jobs.items():
        for line in lines:
            for command in commands_of(line):
                words = shlex.split(command)
                if words and words[0].endswith("invoke"):
                    calls.append((job, words[1], [w for w in words[2:] if w.startswith("-")]))
    return calls


@pytest.fixture(scope="module")
def tasks_now():
    sys.path.insert(0, str(ROOT))
    import tasks  # noqa: PLC0415

    return Collection.from_module(tasks)


RECIPES = {"gitlab": gitlab_commands, "github": github_commands}


@pytest.mark.parametrize("recipe", RECIPES)
def test_every_task_and_flag_the_recipe_calls_exists(recipe, tasks_now):
    calls = invoke_calls(RECIPES[recipe]())
    assert {(task, tuple(flags)) for _, task, flags in calls} >= {
        ("check", ("--production",)),
        ("build", ()),
        ("publish", ("--yes",)),
    }
    for job, task, flags in calls:
        assert task in tasks_now.task_names, f"{recipe}, {job} : tâche « {task} » absente de tasks.py"
        known = {f"--{name}" for argument in tasks_now[task].get_arguments() for name in argument.names}
        assert set(flags) <= known, (
            f"{recipe}, {job} : invoke {task} {flags} ; options connues : {sorted(known)}"
        )


@pytest.mark.parametrize("recipe", RECIPES)
def test_the_recipe_does_its_work_with_the_projects_tasks_only(recipe):
    for job, lines in RECIPES[recipe]().items():
        for line in lines:
            for command in commands_of(line):
                assert command.startswith((".venv/bin/invoke ", *SETUP)), f"{recipe}, {job} : {command}"


def test_only_main_publishes():
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    publishing = [
        name for name, lines in gitlab_commands().items() if any("invoke publish" in x for x in lines)
    ]
    assert publishing == ["publier"]
    assert gitlab["publier"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    publishing = [
        name for name, lines in github_commands().items() if any("invoke publish" in x for x in lines)
    ]
    assert publishing == ["publier"]
    assert github["jobs"]["publier"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert github["jobs"]["publier"]["needs"] == "verifier-construire"
