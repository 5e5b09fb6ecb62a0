#!/usr/bin/env python3
"""Quick check of content-seed/ for authors: schema, references, privacy, and copied source text.

The authoritative check is the import in the integration tests; this gives fast feedback while writing.
"""
import glob, json, os, re, sys, unicodedata

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
recipe = json.load(open(os.path.join(root, "recipes/lerende-regio.recipe.json"), encoding="utf-8"))
steps = {s["name"]: s for s in recipe["steps"]}
vocab = {v["name"]: {t["id"] for t in v["terms"]} for v in steps["Vocabularies"]["vocabularies"]}
types = {t["name"]: t for t in steps["ContentDefinitions"]["contentTypes"]}
folders = {"project": "Project", "intervention": "Intervention", "school-practice": "SchoolPractice", "lesson": "LessonLearned"}
errors = []

def fields_of(t):
    return {f["name"]: f for p in t["parts"] for f in p.get("fields", [])}

def words(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", text)

source_grams = set()
for src in glob.glob(os.path.join(root, "..", "shared", "seeds", "0*.txt")):
    w = words(open(src, encoding="utf-8").read())
    source_grams.update(tuple(w[i:i + 8]) for i in range(len(w) - 7))

items = {}
for path in sorted(glob.glob(os.path.join(root, "content-seed", "*", "*.json"))):
    rel = os.path.relpath(path, root)
    try:
        item = json.load(open(path, encoding="utf-8"))
    except Exception as e:
        errors.append(f"{rel}: invalid JSON: {e}"); continue
    folder = os.path.basename(os.path.dirname(path))
    if folders.get(folder) != item.get("type"):
        errors.append(f"{rel}: type {item.get('type')} does not belong in {folder}/")
    if os.path.basename(path) != item.get("id", "") + ".json":
        errors.append(f"{rel}: file name must be the id")
    items[item.get("id")] = (rel, item)

def check_value(rel, f, v, path, copy_check=True):
    k = f["kind"]
    if k in ("Text", "Markdown"):
        if not isinstance(v, str): errors.append(f"{rel}: {path} must be a string"); return
        if "maxLength" in f and len(v) > f["maxLength"]: errors.append(f"{rel}: {path} is {len(v)} chars, max {f['maxLength']}")
        if re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", v): errors.append(f"{rel}: {path} contains an e-mail address")
        if re.search(r"\b0[0-9]{1,3}[- ]?[0-9]{6,8}\b|\+31", v): errors.append(f"{rel}: {path} contains a phone number")
        w = words(v) if copy_check else []
        for i in range(len(w) - 7):
            if tuple(w[i:i + 8]) in source_grams:
                errors.append(f"{rel}: {path} copies source text: '{' '.join(w[i:i + 8])}'"); break
    elif k == "Number":
        if not isinstance(v, (int, float)): errors.append(f"{rel}: {path} must be a number")
        elif ("min" in f and v < f["min"]) or ("max" in f and v > f["max"]): errors.append(f"{rel}: {path} out of range")
    elif k == "Date":
        if not (isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)): errors.append(f"{rel}: {path} must be YYYY-MM-DD")
    elif k == "Boolean":
        if not isinstance(v, bool): errors.append(f"{rel}: {path} must be true/false")
    elif k == "Link":
        if not (isinstance(v, dict) and str(v.get("url", "")).startswith("http")): errors.append(f"{rel}: {path} must be {{url,text}}")
    elif k == "Taxonomy":
        if not isinstance(v, list): errors.append(f"{rel}: {path} must be a list of term ids"); return
        if not f.get("multiple", True) and len(v) > 1: errors.append(f"{rel}: {path} takes one term")
        for t in v:
            if t not in vocab[f["vocabulary"]]: errors.append(f"{rel}: {path} unknown term '{t}' in {f['vocabulary']}")
    elif k == "ContentPicker":
        if not isinstance(v, list): errors.append(f"{rel}: {path} must be a list of ids"); return
        for t in v:
            if t not in items: errors.append(f"{rel}: {path} links to unknown item '{t}'")
            elif items[t][1]["type"] not in f["contentTypes"]: errors.append(f"{rel}: {path} links to a {items[t][1]['type']}")
    elif k == "List":
        if not isinstance(v, list): errors.append(f"{rel}: {path} must be a list"); return
        sub = {s["name"]: s for s in f["fields"]}
        for i, row in enumerate(v):
            for name, sv in row.items():
                if name not in sub: errors.append(f"{rel}: {path}[{i}].{name} is not a field")
                else: check_value(rel, sub[name], sv, f"{path}[{i}].{name}")
            for s in sub.values():
                if s.get("required") and s["name"] not in row: errors.append(f"{rel}: {path}[{i}].{s['name']} is required")

slugs = {}
for cid, (rel, item) in items.items():
    t = types.get(item.get("type"))
    if not t: continue
    for key in ("id", "title", "slug", "publishedUtc", "fields"):
        if key not in item: errors.append(f"{rel}: missing {key}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.get("slug", "")): errors.append(f"{rel}: slug must be lower-case words joined by '-'")
    key = (item["type"], item.get("slug"))
    if key in slugs: errors.append(f"{rel}: slug also used by {slugs[key]}")
    slugs[key] = rel
    fs = fields_of(t)
    for name, v in item.get("fields", {}).items():
        if name not in fs: errors.append(f"{rel}: '{name}' is not a field of {item['type']}")
        else: check_value(rel, fs[name], v, name)
    for f in fs.values():
        if f.get("required") and f["name"] not in item.get("fields", {}): errors.append(f"{rel}: required field '{f['name']}' missing")
    # Titles are names (facts) and may match the sources; only the privacy rules apply to them.
    check_value(rel, {"kind": "Text"}, item.get("title", ""), "title", copy_check=False)

counts = {}
for rel, item in items.values(): counts[item.get("type")] = counts.get(item.get("type"), 0) + 1
print("items:", ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
for e in errors: print(e)
print(f"{len(errors)} problem(s)")
sys.exit(1 if errors else 0)
