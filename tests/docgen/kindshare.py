"""A trust's share of many kinds of policy, in the layouts schools use, with its truth.

    cases = generate_share(Path("out"), seed=1)

writes policies of twenty kinds (and some of kinds policykit does not know)
through the three producers (python-docx, LibreOffice, pandoc), each with
its ground truth: ``kind``, ``title``, ``school`` and ``missing`` (a required
section left out on purpose, or None). The wording is ours; the layouts are
the ones schools use: a bold 16-26pt title, the Title style, a title split
over two lines by a line break, "Policy for" above the kind's name, a
school's name in the Title style over the policy's in the Subtitle style,
"RIVERSIDE ACADEMY - BEHAVIOUR POLICY" in the page header, "Northgate High
School • Part of Chiltern Vale Learning Trust", "Community Cohesion at
Belgrave Primary School", a policy number before the title ("20 – Anti-Bullying
Policy") and typed contents lists with dot leaders and page numbers.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx

from policykit.kinds import get_kind

from . import PRODUCERS, SHORT, _produce, _source_for, missing_tools
from .ir import Block, DocPlan, Para, Run, Table
from .plan import CAPABILITIES

# kind id -> (titles as schools write them, the words of the kind for "Policy for ...",
#             one sentence of our own about it)
KINDS: dict[str, tuple[list[str], str, str]] = {
    "child-protection": (
        [
            "Safeguarding and Child Protection Policy",
            "Keeping Children Safe Policy",
            "Child Protection Policy",
        ],
        "Safeguarding",
        "Any adult who is worried about a child speaks to the safeguarding lead the same day.",
    ),
    "behaviour": (
        ["Behaviour Policy", "Positive Behaviour Policy", "Relationships and Behaviour Policy"],
        "Behaviour",
        "Pupils are praised for kindness and hard work, and consequences are fair and calm.",
    ),
    "anti-bullying": (
        ["Anti-Bullying Policy", "Anti Bullying Policy"],
        "Anti-Bullying",
        "Bullying, including online and prejudice-based bullying, is never ignored.",
    ),
    "send-policy": (
        ["Special Educational Needs and Disabilities Policy", "SEND Policy", "Inclusion Policy"],
        "Special Educational Needs and Disabilities",
        "Teachers plan lessons so that pupils with additional needs can take part fully.",
    ),
    "send-information-report": (
        ["SEN Information Report", "SEND Information Report"],
        "SEND Information Report",
        "This report tells families how pupils with additional needs are supported here.",
    ),
    "accessibility-plan": (
        ["Accessibility Plan", "Accessibility Plan 2025-2028"],
        "Accessibility",
        "Over three years we will widen access to lessons, buildings and information.",
    ),
    "equality-objectives": (
        ["Equality Information and Objectives", "Public Sector Equality Duty Statement"],
        "Equality Information and Objectives",
        "We set objectives that help every group of pupils to do well.",
    ),
    "charging-remissions": (
        ["Charging and Remissions Policy", "Charging Policy"],
        "Charging and Remissions",
        "Parents are told in advance of any cost and of the help available.",
    ),
    "complaints": (
        ["Complaints Procedure", "Complaints Policy", "Concerns and Complaints Policy"],
        "Complaints",
        "Most concerns are settled informally by talking to the class teacher.",
    ),
    "data-protection": (
        ["Data Protection Policy", "GDPR Policy"],
        "Data Protection",
        "Personal information is kept securely and only for as long as it is needed.",
    ),
    "health-and-safety": (
        ["Health and Safety Policy", "Health, Safety and Welfare Policy"],
        "Health and Safety",
        "Risk assessments are reviewed each year and whenever something changes.",
    ),
    "supporting-medical-conditions": (
        ["Supporting Pupils with Medical Conditions Policy", "Medical Conditions Policy"],
        "Supporting Pupils with Medical Conditions",
        "Pupils with long-term conditions have a plan agreed with their family and nurse.",
    ),
    "attendance": (
        ["Attendance Policy", "Attendance and Punctuality Policy"],
        "Attendance",
        "Families ring the office before 9am on each day their child is absent.",
    ),
    "rse": (
        ["Relationships and Sex Education Policy", "RSE Policy", "RSHE Policy"],
        "Relationships and Sex Education",
        "Lessons help pupils to form healthy, respectful relationships.",
    ),
    "suspensions-exclusions": (
        ["Suspension and Permanent Exclusion Policy", "Exclusion Policy"],
        "Suspensions and Exclusions",
        "Suspension is a last resort, used only after other support has been tried.",
    ),
    "online-safety": (
        ["Online Safety Policy", "E-Safety Policy"],
        "Online Safety",
        "Pupils learn how to stay safe on the internet and whom to tell if something worries them.",
    ),
    "whistleblowing": (
        ["Whistleblowing Policy", "Confidential Reporting Policy"],
        "Whistleblowing",
        "Staff can raise a concern about wrongdoing without fear of being treated unfairly.",
    ),
    "first-aid": (
        ["First Aid Policy"],
        "First Aid",
        "Trained first aiders are on site whenever pupils are in school.",
    ),
    "uniform": (
        ["School Uniform Policy", "Uniform Policy"],
        "School Uniform",
        "Uniform should be affordable, and second-hand items are offered each term.",
    ),
    "community-cohesion": (
        ["Community Cohesion Policy", "Promoting Community Cohesion Policy"],
        "Community Cohesion",
        "Pupils meet people of different faiths and backgrounds through visits and links.",
    ),
}
# Policies of kinds policykit does not know: read as generic
UNKNOWN = [
    ("Lettings Policy", "Lettings", "Community groups may hire the hall on weekday evenings."),
    ("Homework Policy", "Homework", "Homework is short, regular and linked to lessons."),
    ("Marking and Feedback Policy", "Marking and Feedback", "Feedback is given in lessons."),
]

SCHOOLS = [
    "Riverside Academy",
    "Northgate High School",
    "Belgrave Primary School",
    "St Aidan's Church of England Primary School",
    "Hollins Park Academy",
    "Ashdown Infant School",
    "Meadowbank Junior School",
    "Kingsmead Community School",
]
TRUSTS = [
    "Chiltern Vale Learning Trust",
    "Three Rivers Academy Trust",
    "Oakwood Learning Partnership",
]
GENERIC_TEXT = [
    "Staff follow this part of the policy and record what they do.",
    "The headteacher makes sure that everyone knows what is expected.",
    "Governors check each year that this works as it should.",
]

TITLE_LAYOUTS = ["big-bold", "title-style", "line-break", "policy-for", "heading-1", "numbered"]
SCHOOL_LAYOUTS = ["top-line", "title-over-subtitle", "header", "trust-line", "at-school", "meta"]


@dataclass
class ShareCase:
    """One document of the share and its truth."""

    path: Path
    producer: str
    layout: str
    truth: dict[str, Any] = field(default_factory=dict)


def _sections(
    rng: random.Random, kind_id: str, sentence: str
) -> tuple[list[tuple[str, str]], str | None]:
    """(heading, text) of each section and the required section left out (or None)."""
    if kind_id == "generic":
        headings = ["Purpose", "Procedures", "Roles and Responsibilities", "Monitoring and Review"]
        return [
            (h, sentence if i == 0 else rng.choice(GENERIC_TEXT)) for i, h in enumerate(headings)
        ], None
    kind = get_kind(kind_id)
    chosen = [s for s in kind.sections if s.required or rng.random() < 0.5]
    missing = None
    required = [s for s in chosen if s.required]
    if required and rng.random() < 0.15:
        dropped = rng.choice(required)
        chosen.remove(dropped)
        missing = dropped.id
    out = []
    for i, spec in enumerate(chosen):
        heading = rng.choice([spec.title, *spec.headings])
        out.append((heading, sentence if i == 0 else rng.choice(GENERIC_TEXT)))
    if not out:
        out = [("Introduction", sentence)]
    return out, missing


def _policy_for(words: str) -> bool:
    return not words.lower().endswith(("report", "objectives", "plan"))


def plan_share_document(
    rng: random.Random, producer: str, name: str, kind_id: str, n: int
) -> DocPlan:
    """One document of the share (kind ``generic`` draws one of the unknown kinds)."""
    source = _source_for(rng, producer)
    can = CAPABILITIES[source]
    if kind_id == "generic":
        title, words, sentence = UNKNOWN[n % len(UNKNOWN)]
    else:
        titles, words, sentence = KINDS[kind_id]
        title = titles[n % len(titles)]
    school = SCHOOLS[(n * 3 + len(name)) % len(SCHOOLS)]
    title_layout = TITLE_LAYOUTS[n % len(TITLE_LAYOUTS)]
    school_layout = SCHOOL_LAYOUTS[(n // len(TITLE_LAYOUTS) + n) % len(SCHOOL_LAYOUTS)]
    if title_layout == "line-break" and source not in ("docx", "fodt"):
        title_layout = "big-bold"
    if title_layout == "policy-for" and not _policy_for(words):
        title_layout = "title-style"
    if school_layout == "header" and "header_footer" not in can:
        school_layout = "top-line"
    if title_layout == "big-bold" and "layout" not in can and source == "md":
        title_layout = "title-style" if school_layout != "title-over-subtitle" else "heading-1"
    if school_layout == "at-school" and kind_id not in ("community-cohesion", "generic"):
        school_layout = "top-line"

    blocks: list[Block] = []
    header: list[Para] = []
    yaml: dict[str, str] = {}
    written_title = title
    # ---- the school ----
    if school_layout == "top-line":
        blocks.append(Para([Run(school, bold=True, size=rng.choice([None, 14]))], center=True))
    elif school_layout == "trust-line":
        trust = rng.choice(TRUSTS)
        blocks.append(Para([Run(f"{school} • Part of {trust}", bold=True)], center=True))
    elif school_layout == "header":
        header.append(Para([Run(f"{school.upper()} - {title.upper()}")], center=True))
    elif school_layout == "title-over-subtitle":
        if source == "md":
            yaml["title"], yaml["subtitle"] = school, title
        else:
            blocks.append(Para([Run(school)], style="Title"))
            blocks.append(Para([Run(title)], style="Subtitle"))
        title_layout = "subtitle"
    # ---- the title ----
    if school_layout == "at-school":
        written_title = f"{words} at {school}"
        title = words
        blocks.append(Para([Run(written_title, bold=True, size=20)], center=True))
    elif title_layout == "big-bold":
        blocks.append(
            Para([Run(title, bold=True, size=rng.choice([16, 18, 20, 24, 26]))], center=True)
        )
    elif title_layout == "title-style":
        if source == "md":
            yaml["title"] = title
        else:
            blocks.append(Para([Run(title)], style="Title"))
    elif title_layout == "heading-1":
        blocks.append(Para([Run(title)], style="Heading 1"))
    elif title_layout == "numbered":
        number = rng.randint(3, 42)
        blocks.append(Para([Run(f"{number} – {title}", bold=True, size=20)]))
    elif title_layout == "line-break":
        cut = title.rfind(" ", 0, len(title) // 2 + 4)
        first, rest = title[:cut], title[cut + 1 :]
        blocks.append(Para([Run(f"{first}\n{rest}", bold=True, size=22)], center=True))
    elif title_layout == "policy-for":
        title = f"Policy for {words}"
        size = 22 if "layout" in can else None
        blocks.append(Para([Run("Policy for", bold=True, size=size)], center=True))
        blocks.append(Para([Run(words, bold=True, size=size)], center=True))
    # ---- metadata ----
    rows = [["Date approved", f"{rng.randint(1, 28)}/10/2025"], ["Review date", "October 2026"]]
    if school_layout == "meta":
        rows.insert(0, ["School", school])
    blocks.append(Table(rows, bold_first_col=True))
    # ---- contents list ----
    sections, missing = _sections(rng, kind_id, sentence)
    if rng.random() < 0.3:
        leader = rng.choice([" " + "." * rng.randint(10, 30) + " ", " …… "])
        blocks.append(Para([Run("Contents", bold=True)]))
        for i, (heading, _) in enumerate(sections, start=1):
            blocks.append(Para([Run(f"{i}. {heading}{leader}{i + 1}")]))
        layout_tags = ["contents"]
    else:
        layout_tags = []
    # ---- the sections ----
    bold_headings = rng.random() < 0.4
    for i, (heading, text) in enumerate(sections, start=1):
        if bold_headings:
            blocks.append(Para([Run(f"{i}. {heading}", bold=True)]))
        else:
            blocks.append(
                Para(
                    [Run(heading)],
                    style="Heading 1" if title_layout != "heading-1" else "Heading 2",
                )
            )
        blocks.append(Para([Run(text)]))
    blocks.append(Para([Run("This policy will be reviewed annually by the governing board.")]))
    truth = {
        "kind": kind_id,
        "written_title": written_title if school_layout == "at-school" else title,
        "title": title,
        "school": school,
        "missing": missing,
    }
    plan = DocPlan(
        name=name,
        producer=producer,
        source=source,
        blocks=blocks,
        header=header,
        yaml=yaml,
        tags=[f"src={source}", f"title={title_layout}", f"school={school_layout}", *layout_tags],
        truth=truth,
    )
    return plan


def generate_share(
    out_dir: Path, seed: int, per_kind: int = 3, producers: tuple[str, ...] = PRODUCERS
) -> list[ShareCase]:
    """Write the share: ``per_kind`` documents of each kind (and of unknown kinds)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = missing_tools(producers)
    for producer, tool in missing.items():
        warnings.warn(
            f"kindshare: {tool} not found, skipping the {producer} documents", stacklevel=2
        )
    master = random.Random(seed)
    plans: list[DocPlan] = []
    n = 0
    for kind_id in [*KINDS, "generic"]:
        for _ in range(per_kind):
            producer = producers[n % len(producers)]
            rng = random.Random(master.getrandbits(64))
            # most files tell nothing of their kind ("012-lo.docx"); some are named as
            # schools name them, after the title ("015 Behaviour Policy 2025.docx")
            name = f"{n:03d}-{SHORT[producer]}"
            plan = plan_share_document(rng, producer, name, kind_id, n)
            if n % 3 == 0:
                plan.name = f"{n:03d} {plan.truth['written_title']} 2025"
            n += 1
            if producer not in missing:
                plans.append(plan)
    work = Path(tempfile.mkdtemp(prefix="kindshare-src-"))
    try:
        _produce(plans, out_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for plan in plans:  # Word does not fill the title property: leave it to the document
        if plan.producer == "python-docx":
            path = out_dir / f"{plan.name}.docx"
            document = docx.Document(str(path))
            document.core_properties.title = ""
            document.save(str(path))
    return [ShareCase(out_dir / f"{p.name}.docx", p.producer, p.style, p.truth) for p in plans]
