"""Word banks: school names, people, labels, headings and policy prose.

Prose placeholders: ``{school}`` (the school's full name, or "the school"
when a document has none), ``{short}`` (a short form, e.g. "Oakfield"),
``{We}``/``{we}`` (the school speaking). Text here must survive markdown
(no ``*``, ``_``, backquotes, ``#``, ``|``, ``<``, ``$``, ``^``, ``~``).
"""

from __future__ import annotations

# --- school names ------------------------------------------------------------
# Every name must survive ``.upper()`` and the title-casing rule (capitalise
# each word; "of", "and", "the" lower-case inside; "CE" as is): no "Mc" names.

PLACES = [
    "Oakfield",
    "Riverside",
    "Hillcrest",
    "Brookside",
    "Ashworth",
    "Kingsmead",
    "Greenacres",
    "Fairfield",
    "Westgate",
    "Thornbury",
    "Elmhurst",
    "Highfield",
    "Moorside",
    "Beechwood",
    "Larkrise",
    "Millbrook",
    "Stonebridge",
    "Castle Hill",
    "Park View",
    "Chilwell",
    "Hartcliffe",
    "Ravenscroft",
    "Woodlands",
    "Sandringham",
    "Holmewood",
    "Bramley",
    "Redhill",
    "Kingfisher",
    "Foxhill",
    "Ashfield",
    "Lydgate",
    "Netherfield",
    "Rushey Mead",
    "Sherwood",
    "Cranbrook",
    "Northgate",
    "Eastbrook",
    "Fernwood",
    "Linden",
    "Marlborough",
    "Bishopstone",
    "Heathfield",
    "Langley",
    "Priory",
    "Whitehall",
    "Bluebell",
    "Copperfield",
    "Goldsmith",
    "Harbour View",
    "Meadowbank",
    "Oak Tree",
    "Willow Brook",
    "Silverdale",
    "Tennyson",
    "Wordsworth",
]
PLURAL_PLACES = ["Meadows", "Willows", "Oaks", "Downs", "Ridings", "Beeches", "Ferns", "Limes"]
SAINTS = [
    "St Mary's",
    "St Joseph's",
    "St John's",
    "St Peter's",
    "St Augustine's",
    "St Anne's",
    "St Bede's",
    "St Michael's",
    "St Thomas More",
    "St Francis of Assisi",
    "St Margaret's",
    "Holy Trinity",
    "Christ Church",
    "Holy Family",
    "Our Lady of Lourdes",
    "St Alban's",
    "St Michael and All Angels",
    "St Chad's",
    "St Hilda's",
    "Sacred Heart",
]
PHASES = [
    "Primary School",
    "Infant School",
    "Junior School",
    "Nursery and Infant School",
    "Community Primary School",
    "Primary Academy",
    "Academy",
    "Community School",
    "High School",
    "Secondary School",
    "School",
    "Junior and Infant School",
    "Church School",
]
FAITH_PHASES = [
    "Catholic Primary School",
    "CE Primary School",
    "Church of England Junior School",
    "Church of England Primary School",
    "CE Infant School",
    "C of E Primary School",
    "Catholic Voluntary Academy",
    "CE Academy",
    "Catholic High School",
    "Primary School",
]
BARE_NAMES = [
    "Wootton Park",
    "John Clifford",
    "Elizabeth Garrett",
    "Kingsmead",
    "Bishop Challoner",
    "Dame Alice Owen",
    "Thomas Deacon",
    "Hampton Vale",
    "Castle View",
    "Monks Park",
]
SMALL_WORDS = {"of", "and", "the"}


def title_case(upper: str) -> str:
    """The contract's casing of a name written in capitals (the truth's form)."""
    words = upper.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if word in {"CE", "C"}:
            out.append(word)
        elif low in SMALL_WORDS and i > 0:
            out.append(low)
        else:
            out.append(low[:1].upper() + low[1:])
    return " ".join(out)


# --- people ------------------------------------------------------------------

FIRST_NAMES = [
    "Pam",
    "Johnny",
    "Helen",
    "David",
    "Priya",
    "Andre",
    "Sarah",
    "Mohammed",
    "Claire",
    "Tom",
    "Aisha",
    "Gareth",
    "Rebecca",
    "Daniel",
    "Fatima",
    "Ian",
    "Joanne",
    "Kwame",
    "Lucy",
    "Martin",
    "Nadia",
    "Owen",
    "Rachel",
    "Simon",
    "Yasmin",
    "Graham",
    "Bernadette",
    "Declan",
    "Harjit",
]
SURNAMES = [
    "Holland",
    "Bishop",
    "Marsh",
    "Okafor",
    "Patel",
    "Rosser",
    "Collins",
    "Hussain",
    "Evans",
    "Walsh",
    "Begum",
    "Thompson",
    "Nowak",
    "Gonzalez",
    "Clarke",
    "Mensah",
    "Fletcher",
    "Singh",
    "Davies",
    "Hughes",
    "Kaur",
    "Whitfield",
    "Brennan",
    "Ahmed",
    "Lloyd",
    "Osei",
    "Price",
]
TITLES_OF_PERSON = ["Mrs", "Mr", "Ms", "Miss", "Dr", "Rev"]
BODIES = [
    "Full Governing Body",
    "Governing Body",
    "Curriculum Committee",
    "Local Governing Body",
    "Standards and Curriculum Committee",
    "Trust Board",
    "Pupil Welfare Committee",
    "Headteacher and Governors",
]
ROLE_LABELS = {
    "author": ["Author", "Policy author", "Written by", "Policy lead"],
    "governor": ["Governor Link", "Link Governor", "Responsible governor", "Chair of Governors"],
    "headteacher": ["Headteacher", "Head Teacher", "Principal", "Executive Headteacher"],
}
MOTTOS = [
    "'Ipsum quod faciendum est diutius'",
    "Learning together, growing together",
    "Aim high, be kind, work hard",
    "Every child, every chance, every day",
    "'Let your light shine'",
    "Together we learn, together we grow",
    "Respect, Resilience, Responsibility",
    "Inspiring minds, caring hearts",
]

# --- metadata labels -----------------------------------------------------------

APPROVAL_LABELS = [
    "Date approved",
    "Approved",
    "Date approved by Full Governing Body",
    "Adopted",
    "Ratified",
    "Date ratified by governors",
    "Approval date",
]
REVIEW_DUE_LABELS = [
    "Review Date",
    "Next review",
    "Date of next review",
    "Review due",
    "Next review date",
]
LAST_REVIEW_LABELS = ["Last reviewed", "Date last reviewed"]
SCHOOL_LABELS = ["School", "School name", "Setting"]
TITLE_LABELS = ["Title", "Policy", "Policy title", "Policy name"]
CYCLE_LABELS = ["Review cycle", "Review frequency", "Frequency of review"]
NOT_A_DATE = ["TBC", "N/A", "To be confirmed"]

# (months, phrase completing "This policy will be reviewed ...")
CYCLE_PHRASES: list[tuple[int, str]] = [
    (12, "annually"),
    (12, "every year"),
    (12, "each year"),
    (12, "on an annual basis"),
    (12, "every twelve months"),
    (24, "every two years"),
    (24, "biennially"),
    (24, "every 2 years"),
    (24, "every second year"),
    (36, "every three years"),
    (36, "every 3 years"),
    (36, "on a three-yearly cycle"),
    (36, "triennially"),
]
CYCLE_SENTENCES = [
    "This policy will be reviewed {cycle}.",
    "This policy will be reviewed {cycle} by the Governing Body.",
    "The governing body will review this policy {cycle}, or sooner if legislation changes.",
    "The policy is reviewed {cycle} by the {body}.",
    "It will be reviewed {cycle} and amended in the light of national guidance.",
]
CYCLE_VALUES: dict[int, list[str]] = {
    12: ["Annual", "Annually", "Every year", "12 months"],
    24: ["Every two years", "Biennial", "2 years", "Two-yearly"],
    36: ["Every three years", "3 years", "Three-yearly", "Triennial"],
}

# --- titles ----------------------------------------------------------------------

TITLES = [
    "Community Cohesion Policy",
    "Community Cohesion Policy",
    "Community Cohesion Policy",
    "Policy for Community Cohesion",
    "Community Cohesion Statement",
    "Policy on Community Cohesion",
    "Promoting Community Cohesion Policy",
    "Community Cohesion and Equality Policy",
]

# --- headings --------------------------------------------------------------------

# The contract's catalogue plus casing and "&" variants, and two headings the
# project's own golden files give ids (examples/john-clifford.json).
CANONICAL_HEADINGS: dict[str, list[str]] = {
    "rationale": [
        "Rationale",
        "Introduction",
        "Purpose",
        "Policy Statement",
        "Context",
        "Background",
        "Policy statement",
        "Community cohesion: what does it mean for {short}?",
    ],
    "definition": [
        "What is community cohesion?",
        "What is Community Cohesion?",
        "Definition",
        "Definitions",
    ],
    "principles": ["Principles", "Values", "Our Values", "Ethos", "Our values"],
    "aims": [
        "Aims",
        "Objectives",
        "Aims and Objectives",
        "Aims & Objectives",
        "Our Aims",
        "Goals",
        "Aims and objectives",
        "Our aims",
    ],
    "procedures": [
        "Procedures",
        "Implementation",
        "Strategies",
        "How we promote community cohesion",
        "How We Promote Community Cohesion",
        "Our contribution",
        "Our Contribution",
        "What do we need to consider in promoting community cohesion?",
    ],
    "roles": [
        "Roles and Responsibilities",
        "Roles & Responsibilities",
        "Responsibilities",
        "Roles and responsibilities",
    ],
    "review": [
        "Review",
        "Monitoring and Review",
        "Monitoring & Review",
        "Monitoring",
        "Evaluation and Review",
        "Policy Review",
        "Monitoring and review",
    ],
    "history": ["Document History", "Version Control", "Review History", "Document history"],
}
# Headings outside the catalogue (truth id None), each with prose that fits it;
# "links" sections list related policies.
LINKS = "links"
UNKNOWN_SECTIONS: dict[str, list[str] | str] = {
    "Links with other policies": LINKS,
    "Related policies": LINKS,
    "Links to Other Policies": LINKS,
    "Equal opportunities": [
        "We are committed to equality of opportunity for all pupils, staff, parents and carers.",
        "No pupil will be treated less favourably because of their race, religion, gender, "
        "disability or background.",
        "The school has regard to the Equality Act 2010 and the public sector equality duty.",
    ],
    "Legal framework": [
        "The duty to promote community cohesion was introduced by the Education and "
        "Inspections Act 2006.",
        "The school also has regard to the Equality Act 2010 and to the Prevent duty.",
        "Academies are not bound by the duty but we choose to follow it.",
    ],
    "Partnership with parents": [
        "Parents are the first educators of their children and we value working in "
        "partnership with them.",
        "We hold coffee mornings, curriculum evenings and family learning sessions.",
        "Parents are welcome to share their culture and traditions with the children.",
    ],
    "Curriculum": [
        "The curriculum provides many opportunities to learn about the lives of people in "
        "other places and times.",
        "Religious education follows the locally agreed syllabus.",
        "PSHE lessons explore identity, diversity and what it means to be part of a community.",
    ],
    "Staff training": [
        "Staff receive training on equality, diversity and inclusion as part of their "
        "professional development.",
        "New staff are introduced to this policy during their induction.",
    ],
    "Complaints": [
        "Concerns about this policy should be raised through the school's complaints procedure.",
        "A copy of the complaints procedure is available from the school office.",
    ],
    "Extended services": [
        "We offer a breakfast club, after-school clubs and holiday activities which are open "
        "to all families.",
        "The school hall is let to community groups in the evenings and at weekends.",
    ],
    "Dissemination of the policy": [
        "Copies of this policy are available from the school office and on the school website.",
        "All staff and governors receive a copy of this policy.",
    ],
}
SUBHEADINGS = {
    "procedures": [
        "Teaching and learning",
        "Equity and excellence",
        "Engagement and extended services",
        "Engagement and ethos",
        "Working with parents and the wider community",
    ],
    "roles": ["The governing body", "The headteacher", "All staff", "Pupils"],
}

# --- prose -------------------------------------------------------------------------

PROSE: dict[str, list[str]] = {
    "rationale": [
        "Community cohesion is of particular importance for a school which is preparing its "
        "learners for life and work in a multi-cultural society and a global working environment.",
        "From September 2007, all maintained schools have had a duty to promote community "
        "cohesion under the Education and Inspections Act 2006.",
        "{school} serves a diverse community and we are responsible for educating children who "
        "will live and work in a country which is becoming more diverse in terms of culture, "
        "faith, ethnicity and social background.",
        "Through our ethos and curriculum we can promote a common sense of identity and support "
        "diversity, showing pupils that different communities can work together.",
        "We believe that every pupil should feel valued and should value others, whatever their "
        "background.",
        "The term 'community' has a number of dimensions for the school: the school community, "
        "the local community, the UK community and the global community.",
        "This policy sets out how {school} contributes to building a cohesive society in which "
        "people from different backgrounds get on well together.",
        "Our pupils come from a wide range of cultural, religious and social backgrounds, and "
        "this diversity is one of the great strengths of our school.",
        "As a {faith} school we are called to welcome all and to serve the common good of the "
        "communities around us.",
        "The governing body recognises that schools are well placed to help young people learn "
        "to understand others, to value diversity and to reject prejudice.",
        "We are committed to ensuring that {short} is a place where everyone feels they belong.",
    ],
    "definition": [
        "Community cohesion is working towards a society in which there is a common vision and "
        "sense of belonging by all communities.",
        "A commonly agreed understanding is that everyone in an area is working towards an "
        "equitable society in which all people have similar life chances.",
        "Community cohesion aims to build 'a society in which strong and positive relationships "
        "exist and continue to be developed in the workplace, in schools and in the wider "
        "community'.",
        "It is a society in which the diversity of people's backgrounds and circumstances is "
        "appreciated and valued.",
        "The 'community' has varying dimensions for schools, including the school itself, the "
        "area in which it is located, the UK and the global community.",
        "For a school, community cohesion means helping children to understand others, to value "
        "diversity while promoting shared values, and to develop the skills of participation "
        "and responsible action.",
    ],
    "principles": [
        "We are committed to supporting community cohesion by developing a common vision and "
        "sense of belonging.",
        "Our values of respect, kindness and fairness underpin everything we do.",
        "We believe that all members of our community should be treated with dignity and respect.",
        "Our Christian values of love, forgiveness and service guide our relationships with one "
        "another and with the wider community.",
        "We promote the fundamental British values of democracy, the rule of law, individual "
        "liberty, and mutual respect and tolerance of those with different faiths and beliefs.",
        "We value the contribution that every family makes to the life of the school.",
        "Equality of opportunity is central to our ethos and to the way we plan and teach.",
    ],
    "aims": [
        "The school's aims for community cohesion can be grouped under three headings: teaching "
        "and learning, equity and excellence, and engagement and extended services.",
        "We aim to prepare our pupils for life in a diverse society.",
        "{school} aims to give every child the knowledge, skills and understanding to play a "
        "full part in the life of their community.",
        "We want our pupils to leave us as confident, tolerant and thoughtful citizens.",
    ],
    "procedures": [
        "Promoting community cohesion is already strongly embedded in our existing practice but "
        "we are committed to developing this aspect of our work further.",
        "Our contribution to community cohesion can be considered in three main areas.",
        "We promote community cohesion through the curriculum, through our ethos and through "
        "our partnerships with others.",
        "The school will use its assemblies, PSHE lessons and religious education to explore "
        "themes of identity, belonging and diversity.",
        "Pupils take part in visits to places of worship of different faiths and welcome "
        "visitors from a range of backgrounds.",
        "We work closely with other schools in our local family of schools to share good practice.",
        "Incidents of prejudice, bullying and harassment are recorded, reported to governors "
        "and dealt with promptly.",
        "The achievement of different groups of pupils is tracked termly so that gaps can be "
        "identified and closed.",
        "Parents are consulted through questionnaires, focus groups and the parent forum.",
    ],
    "roles": [
        "The governing body has a duty to promote community cohesion and will monitor the "
        "implementation of this policy.",
        "The headteacher is responsible for the day-to-day implementation of this policy and "
        "will report on it to governors.",
        "All staff are expected to promote good relations between pupils from different "
        "backgrounds and to challenge prejudice wherever it arises.",
        "The named governor for community cohesion will meet the subject leader for PSHE "
        "regularly.",
        "Pupils are expected to treat one another with respect and to take an active part in "
        "the life of the school.",
        "Parents and carers are encouraged to support the school's work and to take part in "
        "community events.",
    ],
    "review": [
        "The governing body will monitor the impact of this policy through the headteacher's "
        "termly report.",
        "The effectiveness of this policy will be evaluated through pupil voice, parent surveys "
        "and the school's self-evaluation.",
        "The policy will be reviewed in the light of any changes to legislation or national "
        "guidance.",
        "Monitoring of the achievement of pupils from different groups will inform the "
        "review of this policy.",
        "Any incidents of a racist or discriminatory nature are recorded and reported to the "
        "governing body.",
    ],
    "history": [
        "The table below records the reviews of this policy.",
        "This policy has been reviewed and signed as follows.",
        "Record of review:",
    ],
    "preamble": [
        "This policy should be read alongside the school's Equality Policy and its Behaviour "
        "Policy.",
        "At {school} we believe that everyone has the right to feel safe, valued and respected.",
        "This document sets out our approach to promoting community cohesion.",
        "Our vision is for every child to flourish in a happy, safe and inclusive school.",
    ],
}

LIST_ITEMS: dict[str, list[str]] = {
    "rationale": [
        "The school community – the pupils it serves, their parents, the staff and governors",
        "The communities created by the networks we establish with other schools and partners",
        "The local community",
        "The UK community",
        "The global community",
    ],
    "definition": [
        "there is a clearly defined and widely shared sense of the contribution of different "
        "individuals and communities",
        "there is a strong sense of an individual's rights and responsibilities",
        "those from different backgrounds have similar life chances and access to services",
        "there is an understanding that local organisations will act fairly between different "
        "interests",
        "there are strong and positive relationships between people from different backgrounds",
    ],
    "principles": [
        "Developing a common vision and sense of belonging",
        "Developing an appreciation of the diversity of people's backgrounds and circumstances",
        "Creating opportunities for all learners to achieve their potential",
        "Building strong and positive relationships through the promotion of citizenship",
        "Respecting the rights of every individual",
        "Challenging prejudice, discrimination and stereotyping",
    ],
    "aims": [
        "To help pupils understand others, value diversity and respect human rights",
        "To ensure all learners have equal opportunities to achieve their potential",
        "To provide opportunities for pupils to meet people from different cultures and "
        "backgrounds",
        "To build links with different schools and community groups",
        "To develop the skills of participation and responsible action",
        "To promote shared values and a sense of belonging",
        "To remove barriers to achievement for all groups of pupils",
    ],
    "procedures": [
        "Have high expectations of our learners and set challenging individual targets",
        "Provide opportunities across the curriculum to promote shared values",
        "Provide an extensive programme of extra-curricular activities",
        "Provide a programme of assemblies which explore themes of community cohesion",
        "Engage parents through curriculum evenings, consultation evenings and questionnaires",
        "Form strong links with external agencies, businesses and further education",
        "Offer childcare, for example breakfast club and homework club",
        "Engage with local community groups and faith communities",
        "Celebrate festivals from a range of faiths and cultures",
        "Take part in sporting and musical events with other local schools",
        "Ensure all learners participate in at least one community based activity each year",
    ],
    "roles": [
        "Governors monitor the policy and receive an annual report",
        "The headteacher ensures that staff are aware of the policy",
        "Staff challenge all forms of prejudice and discrimination",
        "Pupils contribute through the school council",
    ],
    "review": [
        "Attainment and progress data for different groups of pupils",
        "Records of prejudice-related incidents",
        "Pupil, parent and staff questionnaires",
        "Participation in clubs and community activities",
    ],
    "unknown": [
        "Equality Policy",
        "Behaviour Policy",
        "Anti-bullying Policy",
        "Safeguarding Policy",
        "SEND Policy",
        "PSHE and RSE Policy",
        "Accessibility Plan",
        "Admissions Policy",
    ],
}
LEADS: dict[str, list[str]] = {
    "rationale": [
        "The term 'community' has a number of dimensions for the school, including:",
        "For {short}, the community includes:",
    ],
    "definition": ["Community cohesion is where:", "In a cohesive community:"],
    "principles": [
        "We are committed to supporting community cohesion by:",
        "Our work is guided by the following principles:",
    ],
    "aims": [
        "Through this policy we aim:",
        "Our aims are:",
        "We aim:",
        "The aims of this policy are:",
    ],
    "procedures": [
        "We will:",
        "In order to promote community cohesion the school will:",
        "To achieve our aims we:",
    ],
    "roles": ["In summary:"],
    "review": ["Evidence for the review will include:", "The following will be monitored:"],
    "unknown": ["This policy should be read in conjunction with:", "Related policies include:"],
}
SUB_ITEMS = {
    "Teaching and learning": [
        "Helping young people understand others and value diversity",
        "Teaching about different faiths and cultures through RE and PSHE",
        "Using the curriculum to challenge prejudice and stereotyping",
    ],
    "Equity and excellence": [
        "Ensuring all learners have equal opportunities to achieve their potential",
        "Removing disparities in attainment between different groups",
        "Dealing promptly with incidents of prejudice and bullying",
    ],
    "Engagement and extended services": [
        "Providing opportunities to interact with people from different backgrounds",
        "Offering the school's facilities to community groups",
        "Working in partnership with local agencies",
    ],
    "Engagement and ethos": [
        "Sharing good practice with partner schools",
        "Building links through joint projects and visits",
    ],
    "Working with parents and the wider community": [
        "Holding family learning sessions and coffee mornings",
        "Inviting local faith leaders and community groups into school",
    ],
}
TABLE_ROWS = [
    ("Teaching and learning", "RE and PSHE curriculum; assemblies; visits to places of worship"),
    ("Equity and excellence", "Tracking of groups; targeted support; anti-bullying work"),
    ("Engagement", "Parent forum; community events; links with a partner school abroad"),
    ("Extended services", "Breakfast club; after-school clubs; adult learning"),
]
TABLE_HEADERS = [("Strand", "How we promote it"), ("Area", "Examples"), ("Dimension", "What we do")]
HISTORY_INTROS = PROSE["history"]

# --- as schools write them (plan_document(..., schools=True)) ----------------------
# The project's own wording in the layouts schools use; no school's text.

TYPED_APPROVAL_LABELS = [
    "Date",
    "Date of policy",
    "Date of authorisation",
    "Ratified",
    "Adopted by governors on",
    "Policy date",
    "Issue date",
]
TYPED_LAST_REVIEW_LABELS = ["Reviewed", "Date reviewed"]
# a note or initials after a date, as typed
DATE_NOTES = [
    " (earlier if legislation changes)",
    " (or sooner if required)",
    " – to be confirmed by governors",
]
INITIALS = [" VU", " JM", " KT", " (SB)"]
# headings that say more than the catalogue's words, by section
SAYING_MORE: dict[str, list[str]] = {
    "rationale": [
        "Rationale – why do we need a policy for community cohesion?",
        "Rationale: why have a policy on this?",
        "School context",
        "Our school context",
    ],
    "aims": ["Our Community Cohesion Aims", "Aims of our community cohesion work"],
    "definition": ["What we mean by community cohesion", "What we mean by Community Cohesion"],
    "procedures": ["Procedures – how we put this into practice"],
    "review": ["Review – when this policy is looked at again"],
}
QUOTATIONS = [
    (
        "“Community cohesion means working towards a society in which every group shares a "
        "sense of belonging and a common vision.”",
        "DCSF",
    ),
    (
        "“Schools have a part to play in building a society where differences are valued.”",
        "DFE",
    ),
]
