"""A run over an object store, as on a cluster without a shared file system (issue 18): the input
and the work area are S3 locations, served on this machine by moto's server, and the workers read
the articles and write their results there themselves through fsspec (s3fs); only the output
folder is local to the driver."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, Tables
from tests.e2e.test_scale import assert_same_tables, reused

BUCKET = "news"


@pytest.fixture(scope="module")
def s3():
    """An S3 endpoint on localhost (moto), and the environment that points fsspec at it."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "FSSPEC_S3_ENDPOINT_URL": f"http://{host}:{port}",
    }
    import s3fs

    fs = s3fs.S3FileSystem(endpoint_url=env["FSSPEC_S3_ENDPOINT_URL"], key="testing", secret="testing")
    fs.mkdir(BUCKET)
    for article in sorted(SEEDS.iterdir()):
        fs.pipe_file(f"{BUCKET}/seeds/{article.name}", article.read_bytes())
    yield fs, env
    server.stop()


def run_on_s3(env: dict, output: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "pipeline", "extract", "--no-progress",
        "--input", f"s3://{BUCKET}/seeds", "--output", str(output), "--work", f"s3://{BUCKET}/work", *extra,
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def test_input_and_work_area_on_s3_give_the_tables_of_a_local_run(s3, seeds_output: Tables, tmp_path):
    fs, env = s3
    output = tmp_path / "output"
    first = run_on_s3(env, output, "--engine", "dask", "--workers", "2")
    assert "Traceback" not in first.stderr
    assert_same_tables(seeds_output.dir, output)
    parts = fs.glob(f"{BUCKET}/work/results/part-*.parquet")
    assert len(parts) == 1  # the one range of the corpus, written by a worker straight to S3
    assert not fs.glob(f"{BUCKET}/work/runs/*/*")  # the run's scratch is gone
    assert not list((output / ".newsents").glob("results"))  # nothing of the work area is local

    unchanged = run_on_s3(env, output)
    assert "they were kept" in unchanged.stderr  # the objects' ETags said nothing changed

    name = sorted(p.name for p in SEEDS.iterdir())[0]
    fs.pipe_file(f"{BUCKET}/seeds/{name}", (SEEDS / name).read_bytes() + b"\nUNICEF opened an office in Astana.\n")
    edited = run_on_s3(env, output)
    assert reused(edited) == len(list(SEEDS.iterdir())) - 1
    documents = Tables(output, edited).documents.set_index("path")
    assert "UNICEF opened an office in Astana." in documents.loc[name, "text"]
