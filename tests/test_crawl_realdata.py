"""Real portals served as folder URLs on 127.0.0.1 (runs only where ../shared/realdata exists)."""

import subprocess
import sys

import pytest

from tests.conftest import REALDATA, ROOT

pytestmark = pytest.mark.skipif(not (REALDATA / "html").is_dir(), reason="no realdata")


@pytest.mark.parametrize("site", ["ubmttq", "truongchinhtri-nukeviet"])
def test_a_real_portal_with_folder_urls_is_crawled_whole(site):
    """>= 0.95 of the labelled articles, no listing as an article, robots.txt obeyed, exit 0."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "crawl.py"), "--realdata", site],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1/1 sites meet the targets" in result.stdout
