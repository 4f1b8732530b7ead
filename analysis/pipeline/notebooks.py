"""Execute the numbered notebooks in place, deterministically (``make notebooks``)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from analysis.data.atomic import write_atomic
from analysis.data.paths import NOTEBOOKS, relative

__all__ = [
    "KERNEL",
    "PROFILE",
    "TIMEOUT",
    "execute",
    "ipc_kernel_manager",
    "inject_parameters",
    "numbered_notebooks",
    "run_notebooks",
    "scrub",
]

KERNEL = "python3"
TIMEOUT = 600


PROFILE = NOTEBOOKS / "force-profile.ipynb"


def numbered_notebooks() -> list[Path]:
    """``notebooks/NN-*.ipynb`` in order."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def scrub(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop metadata that changes between runs or machines (timings, versions)."""
    nb.metadata.pop("widgets", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def execute(path: Path, parameters: dict | None = None, output: Path | None = None,
            cwd: Path | None = None) -> Path:
    """Execute one notebook (in ``cwd``, default its folder) and write it to ``output`` (default in place)."""
    nb = nbformat.read(path, as_version=4)
    if parameters:
        inject_parameters(nb, parameters)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, record_timing=False,
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    client.km = ipc_kernel_manager(client)
    client.execute()
    output = output or path
    text = nbformat.writes(scrub(nb))
    # atomically (as nbformat.write would write it, ending in a newline): a full disk keeps the old notebook
    write_atomic(output, text if text.endswith("\n") else text + "\n")
    return output


def ipc_kernel_manager(client: NotebookClient):
    """A kernel manager for ``client`` that talks to its kernel over local IPC sockets, not TCP.

    The kernel then does not warn "Kernel is running over TCP without encryption": nothing leaves the machine,
    and the sockets live in Jupyter's runtime folder (not the notebook's folder).
    """
    from jupyter_core.paths import jupyter_runtime_dir

    km = client.create_kernel_manager()
    km.transport = "ipc"
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True)
    km.ip = str(runtime / f"kernel-{os.getpid()}-{id(km):x}-ipc")
    return km


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict) -> None:
    """Papermill-style: a cell tagged ``injected-parameters`` after the ``parameters`` cell."""
    source = "# Parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    for i, existing in enumerate(nb.cells):
        if "parameters" in existing.metadata.get("tags", []):
            nb.cells.insert(i + 1, cell)
            break
    else:
        raise ValueError("the notebook has no cell tagged 'parameters'")


def run_notebooks() -> None:
    """Execute the numbered notebooks, then the force profile with its default force, in place."""
    for path in numbered_notebooks() + [PROFILE]:
        start = time.perf_counter()
        execute(path)
        print(f"executed {relative(path)} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
