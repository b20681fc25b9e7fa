"""Regenerates core/src/test/resources/org/spatialssrl/reward/fuzz_cases.jsonl.

Random short responses over an alphabet chosen to stress the Python/Java differences of the
released reward: Python-only whitespace (U+0085, U+00A0, U+2007, U+202F, U+1680, U+3000,
U+001C), characters Java or older Unicode treat as space but Python 3 does not (U+180E, U+200B,
U+FEFF), lone and paired surrogates, spaced tags and nested or unbalanced boxes. The expected
scores come from the released rule (SPEC section 4) evaluated by CPython 3 on the JSON-decoded
strings, so the file is exactly what a Python trainer would see.

    python3 core/src/test/python/make_reward_fuzz.py > core/src/test/resources/org/spatialssrl/reward/fuzz_cases.jsonl
"""
import json
import random
import re

TOKENS = ["<", ">", "/", " ", "  ", "\t", "\n", "\u00a0", "\u0085", "\u2007", "\u202f", "\u3000",
          "\u1680", "\u001c", "\u180e", "\u200b", "\ufeff", "think", "thi nk", "THINK", "\\boxed{",
          "\\boxed", "{", "}", "}", "A", "B", "0-1", "1-0-2", "-", "\ud800", "\udc00", "\U0001F600",
          "\\", "None", "x"]


def released(response, truth):
    r = re.sub(r"\s*(<|>|/)\s*", r"\1", response)
    fmt = 1.0 if re.fullmatch(r"<think>.*</think>.*\\boxed\{.*\}.*", r, re.DOTALL) else 0.0
    pred = None
    start = r.rfind("\\boxed{")
    if start != -1:
        depth = 0
        for i in range(start + 7, len(r)):
            if r[i] == "{":
                depth += 1
            elif r[i] == "}":
                depth -= 1
                if depth == -1:
                    pred = r[start + 7:i].strip()
                    break
    acc = 1.0 if pred is not None and pred == truth else 0.0
    return (1 - 0.1) * acc + 0.1 * fmt, fmt, acc, pred


def main():
    rng = random.Random(20261126)
    for case in range(2000):
        noise = lambda k: "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, k)))
        if rng.random() < 0.7:
            response = (rng.choice(["<think>", " < think >", "\u00a0<\u3000think\u2007>", "<think\u200b>", "\u180e<think>"])
                        + noise(6)
                        + rng.choice(["</think>", "<\u0085/ think\u202f>", "< /think>", "</th ink>", "<\ufeff/think>"])
                        + noise(4) + rng.choice(["\\boxed{", "\\boxed {", "\\boxed{{"]) + noise(5)
                        + rng.choice(["}", "}}", "", "\u2028}"]) + noise(3))
        else:
            response = noise(24)
        # Round-trip through JSON first: that is the string both implementations receive.
        response = json.loads(json.dumps(response))
        pred = released(response, "")[3]
        truth = pred if pred is not None and rng.random() < 0.5 else rng.choice(["A", "0-1", "", "None", "1-0-2"])
        truth = json.loads(json.dumps(truth))
        overall, fmt, acc, _ = released(response, truth)
        print(json.dumps({"id": case, "response": response, "ground_truth": truth,
                          "overall": overall, "format": fmt, "accuracy": acc}))


if __name__ == "__main__":
    main()
