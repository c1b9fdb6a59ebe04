"""Tests of the installed wheel: the framelens binary it ships and read_report.

Run from the repository's root after `pip install framelens-*.whl pandas`:
    python python/tests/test_framelens.py
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import framelens

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class InstalledWheel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="framelens-py-")
        config = os.path.join(ROOT, "config", "framing.toml")
        framelens.run("report", "--quiet", "--config", config, "--out", cls.tmp, "--format", "json")
        cls.json_path = os.path.join(cls.tmp, "report.json")
        with open(cls.json_path, encoding="utf-8") as f:
            cls.doc = json.load(f)
        scored = framelens.run("score", "--quiet", "--config", config)
        cls.score_path = os.path.join(cls.tmp, "scores.jsonl")
        with open(cls.score_path, "w", encoding="utf-8") as f:
            f.write(scored.stdout)

    def test_the_binary_is_the_one_the_wheel_installed(self):
        exe = framelens.binary()
        self.assertTrue(exe.startswith(sys.prefix), f"{exe} is not inside {sys.prefix}")
        out = framelens.run("--version").stdout
        self.assertRegex(out, r"^framelens \d+\.\d+\.\d+")

    def test_a_failing_command_raises_with_framelens_message(self):
        with self.assertRaises(subprocess.CalledProcessError) as e:
            framelens.run("check", "--config", os.path.join(self.tmp, "missing.toml"))
        self.assertEqual(e.exception.returncode, 2)
        self.assertIn("missing.toml", e.exception.stderr)

    def test_report_json_tables(self):
        r = framelens.read_report(self.json_path)
        doc = self.doc
        self.assertEqual(len(r.outlets), len(doc["outlets"]) * len(doc["frames"]))
        self.assertEqual(len(r.articles), len(doc["articles"]))
        self.assertEqual(len(r.mentions), sum(len(a["mentions"]) for a in doc["articles"]))
        first = doc["outlets"][0]
        frame = doc["frames"][0]["id"]
        numbers = first["frames"][frame]
        row = r.outlets[(r.outlets.outlet == first["id"]) & (r.outlets.frame == frame)].iloc[0]
        self.assertEqual(row["mentions"], numbers["mentions"])
        self.assertEqual(row["rate_ci95_low"], numbers["rate_ci95"][0])
        self.assertEqual(row["rate_ci95_high"], numbers["rate_ci95"][1])
        self.assertEqual(row["stance_asserted"], numbers["stance"]["asserted"])
        self.assertEqual(
            sorted(r.mentions.stance.unique()),
            sorted({m["stance"] for a in doc["articles"] for m in a["mentions"]}),
        )

    def test_score_lines_give_the_same_counts_as_the_report(self):
        from_json = framelens.read_report(self.json_path)
        from_score = framelens.read_report(self.score_path)
        self.assertEqual(len(from_score.articles), len(from_json.articles))
        self.assertEqual(len(from_score.mentions), len(from_json.mentions))
        a = from_json.outlets.set_index(["outlet", "frame"])
        b = from_score.outlets.set_index(["outlet", "frame"])
        for key, row in b.iterrows():
            self.assertEqual(row["mentions"], a.loc[key, "mentions"], key)
            self.assertEqual(row["endorsed"], a.loc[key, "endorsed"], key)
            self.assertAlmostEqual(row["rate_per_1k"], a.loc[key, "rate_per_1k"], places=2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
