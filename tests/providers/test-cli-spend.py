#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`atelier-cli spend` over a known sequence of jobs run against a standalone
`atelier-cli sandbox` (real HTTP): every image3d tier, OpenAI usage, a job whose
service said nothing. The totals must be exactly what the jobs recorded."""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sandbox"))
import sandbox_helper  # noqa: E402

CLI = sys.argv[1]
count = 0
failures = 0
TIERS = {"fast": 5, "standard": 10, "pro": 20, "proplus": 30, "ultra": 40}


def check(name, cond, detail=""):
    global count, failures
    count += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}")
    if not cond:
        failures += 1
        for line in str(detail).splitlines()[-20:]:
            print(f"# {line}")


def run(args, env):
    return subprocess.run([CLI] + args, env=env, capture_output=True, text=True, timeout=90)


def generate(env, provider, prompt, *options):
    args = ["generate", "--provider", provider, "--prompt", prompt, "--wait", "--json"]
    for o in options:
        args += ["-o", o]
    r = run(args, env)
    check(f"{provider} {' '.join(options)} is made", r.returncode == 0, r.stderr)
    return json.loads(r.stdout) if r.returncode == 0 else {}


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-cli-spend-")
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = os.path.join(tmp, var)
    env["ATELIER_NO_KEYRING"] = "1"
    env["ATELIER_POLL_MS"] = "50"
    for key in list(env):
        if key.startswith("ATELIER_") and key.endswith(("_URL", "_TOKEN")):
            del env[key]

    r = run(["spend"], env)
    check("an empty history spends nothing", r.returncode == 0 and "No jobs" in r.stdout,
          r.stdout + r.stderr)

    proc, urls = sandbox_helper.start(CLI, env)
    try:
        online = dict(env)
        online.update(sandbox_helper.services(urls))
        r = run(["balance", "--json"], online)
        start = json.loads(r.stdout)["balance"] if r.returncode == 0 else None

        jobs = [generate(online, "image3d", "a teapot", f"quality={t}") for t in TIERS]
        balance = start
        for job, (tier, credits) in zip(jobs, TIERS.items()):
            cost = job.get("cost", {})
            check(f"the {tier} job recorded {credits} credits, its tier and the balance",
                  cost.get("unit") == "credits" and cost.get("amount") == credits
                  and cost.get("tier") == tier and cost.get("balance_before") == balance
                  and cost.get("balance_after") == balance - credits, job)
            balance = (balance or 0) - credits
        r = run(["balance", "--json"], online)
        check("the service's balance fell by the credits recorded",
              r.returncode == 0 and json.loads(r.stdout)["balance"] == balance, r.stdout)

        gpt = generate(online, "openai", "a fox", "model=gpt-image-1", "n=2")
        check("the OpenAI job recorded its usage tokens",
              gpt.get("cost", {}).get("unit") == "tokens" and gpt["cost"].get("amount") == 450
              and gpt["cost"].get("input_tokens") == 50 and gpt["cost"].get("output_tokens") == 400,
              gpt)
        dalle = generate(online, "openai", "a fox", "model=dall-e-3")
        check("a DALL·E job, whose answer has no usage, has no cost", "cost" not in dalle, dalle)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    r = run(["jobs", "--json", "--limit", "0"], env)
    recorded = {}
    for job in json.loads(r.stdout) if r.returncode == 0 else []:
        if "cost" in job:
            key = (job["provider"], job["cost"]["unit"])
            recorded[key] = recorded.get(key, 0) + job["cost"]["amount"]

    r = run(["spend", "--json"], env)
    check("spend --json exits 0", r.returncode == 0, r.stderr)
    spend = json.loads(r.stdout) if r.returncode == 0 else {}
    services = spend.get("services", {})
    check("image3d: the sum of every tier's credits", services.get("image3d", {}).get("units")
          == {"credits": sum(TIERS.values())} and services["image3d"].get("jobs") == len(TIERS),
          r.stdout)
    check("openai: the tokens recorded, and the job of unknown cost counted apart",
          services.get("openai", {}).get("units") == {"tokens": 450}
          and services["openai"].get("unknown") == 1 and spend.get("unknown") == 1, r.stdout)
    check("the totals are the jobs' recorded units",
          {(s, u): n for s, v in services.items() for u, n in v["units"].items()} == recorded,
          f"{recorded} {r.stdout}")
    check("no money without a price", spend.get("money") == {}, r.stdout)
    check("one period (all made today) with the same totals",
          len(spend.get("periods", [])) == 1
          and spend["periods"][0]["services"] == services, r.stdout)

    r = run(["spend"], env)
    check("spend prints the totals by service and by day",
          r.returncode == 0 and "105 credits" in r.stdout and "450 tokens" in r.stdout
          and "By day:" in r.stdout and "1 job of unknown cost" in r.stdout, r.stdout + r.stderr)

    # A price set in Preferences (here the settings file the window would write).
    schema_dir = os.path.join(os.environ.get("ATELIER_BUILD_ROOT", ""), "data")
    if os.path.exists(os.path.join(schema_dir, "gschemas.compiled")):
        priced = dict(env, GSETTINGS_SCHEMA_DIR=schema_dir, GSETTINGS_BACKEND="keyfile")
        keyfile = os.path.join(env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")
        os.makedirs(os.path.dirname(keyfile), exist_ok=True)
        with open(keyfile, "w") as f:
            f.write("[io/github/atelierapp/Atelier]\n"
                    "service-prices={'image3d': ('credits', 0.01, 'USD')}\n")
        r = run(["spend", "--json", "--by", "month"], priced)
        spend = json.loads(r.stdout) if r.returncode == 0 else {}
        check("a price turns credits into money, and only there",
              abs(spend.get("money", {}).get("USD", 0) - 1.05) < 1e-9
              and "money" not in spend.get("services", {}).get("openai", {})
              and spend.get("by") == "month", r.stdout + r.stderr)
        r = run(["spend"], priced)
        check("and the text says so", "1.05 USD" in r.stdout, r.stdout)
    else:
        print(f"ok {count + 1} # SKIP no compiled schema in {schema_dir}")
        globals()["count"] += 1

    r = run(["spend", "--since", "2999-01-01", "--json"], env)
    check("--since leaves out older jobs", r.returncode == 0
          and json.loads(r.stdout).get("jobs") == 0, r.stdout + r.stderr)
    r = run(["spend", "--since", "yesterday"], env)
    check("an unreadable --since is a usage error (2)", r.returncode == 2, r.stderr)
    r = run(["spend", "--by", "week"], env)
    check("--by week is a usage error (2)", r.returncode == 2, r.stderr)

    print(f"1..{count}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
