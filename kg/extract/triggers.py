"""Trigger lexicons for event types and the modality cues that turn a trigger into a mere mention.

Each trigger is ``(type, pattern, flags)``; patterns are tried in order and earlier ones win overlaps.
A named group ``t`` narrows the trigger to that part of the match ("from which the United States
*withdrew* in 2019"). Flags: ``inherent`` (negation/modality belongs to the act itself: "no longer
bound", "pledged that it would", "cannot hold dialogue"), ``object`` (needs a weapons word after it),
``future`` (always a mention: "expires soon"), ``agentless`` (kept without an agent: "talks, which
opened in Helsinki"), ``owned`` (the agent is the possessive right before: "Washington's withdrawal").
"""

from __future__ import annotations

import re

_T = r"(?:[Tt]reaty|[Aa]ccord|[Pp]act|[Aa]greement|[Cc]onvention|[Mm]emorandum|deal|[Pp]rotocol)"
WEAPONS = re.compile(
    r"\b(?:missiles?|warheads?|weapons?|bombs?|devices?|systems?|arms|plutonium|uranium|centrifuges?|rockets?|"
    r"launchers?|bombers?|submarines?|defen[cs]es|interceptors?|them|it)\b"
)

# Legal acts typed by their outcome: "signed a law on Thursday revoking Russia's ratification of ...",
# "signed a decree suspending ...", "signed a bill withdrawing ... from ...". Earlier rows win.
_LEGAL_ACT = (
    r"\b[Ss]ign(?:ed|s|ing)\s+(?:a\s+|the\s+)?(?:federal\s+|presidential\s+)?(?:law|decree|bill|legislation)"
    r"\s+(?:(?:on|in|last|late|early|this)\s+(?:\w+\s+){0,2}?)?(?:,\s*)?"
)
LEGAL_ACTS: tuple[tuple[str, str], ...] = (
    (
        "RatificationRevocation",
        r"(?:revoking|rescinding|cancell?ing|withdrawing|on\s+(?:the\s+)?revocation\s+of)\s+"
        r"(?:[\w'\u2019]+\s+){0,2}ratification|de-?ratifying",
    ),
    ("Suspension", r"suspending|on\s+(?:the\s+)?suspension\s+of"),
    (
        "Withdrawal",
        r"withdrawing|denouncing|terminating|on\s+(?:the\s+)?(?:withdrawal|denunciation)\s+(?:of|from)",
    ),
    ("Ratification", r"ratifying|on\s+(?:the\s+)?ratification\s+of|approving\s+(?:the\s+)?ratification"),
    ("Accession", r"on\s+(?:the\s+)?accession\s+to|acceding\s+to"),
    ("Extension", r"extending|on\s+(?:the\s+)?extension\s+of|prolonging"),
)
# "voted to", "voted unanimously to", "voted 423-0 on October 18 to", "voted by 74 votes to 26 to".
_VOTED_TO = (
    r"\b(?:voted|moved)\s+(?:(?:\w+ly|\d+\s*(?:[-\u2013]|to)\s*\d+|by\s+\d+\s+votes?\s+to\s+\d+|"
    r"(?:on|in|last|this|late|early)\s+(?:[\w.]+\s+){0,2}?[\w.]+)\s+){0,3}?to\s+"
)
_REVOKE = (
    r"\b(?:revok|rescind|cancel|withdr[ae]w)\w*\s+(?:[\w'\u2019]+\s+){0,2}ratification\b|"
    r"\bde-?ratif(?:y|ied|ies|ying|ication)\b|" + _VOTED_TO + r"(?:revoke|rescind|withdraw)\s+"
    r"(?:[\w'\u2019]+\s+){0,2}ratification\b|"
    r"\bratification\s+(?:of\s+(?:the\s+)?(?:[\w\-]+\s+){1,5}?)?(?:was|were|has\s+been|had\s+been)\s+(?:formally\s+)?"
    r"(?P<t>revoked|rescinded|withdrawn|cancell?ed)\b"
)
# A treaty named shortly after: a treaty word or an acronym ("acceded to the NPT").
_TREATY_NEXT = r"(?=[^.]{0,60}(?:\b" + _T + r"|\b[A-Z][A-Z0-9\-]{2,}\b|\bNew\s+START\b))"
# A treaty word shortly before a passive verb: "The deal was reached", "The treaty was adopted".
_TREATY_BEFORE = (
    "(?:"
    + "|".join(
        rf"(?<={w}\s)"
        for w in (
            "deal",
            "pact",
            "treaty",
            "Treaty",
            "accord",
            "agreement",
            "text",
            "convention",
            "Convention",
            "Agreement",
            "Accord",
            "Protocol",
            "Memorandum",
            "Action",  # "the Joint Comprehensive Plan of Action was reached"
        )
    )
    + ")"
)

# Reported notice of a treaty act still to come or under way: "announced on Friday that it was
# withdrawing from", "told Moscow that the United States would not rejoin", "said the next day that
# Russia was suspending", "announced in January that the country would start the procedures to quit".
ACT_VERB = (
    r"(?:withdraw(?:ing)?|pull(?:ing)?\s+out|leav(?:e|ing)|suspend(?:ing)?|quit(?:ting)?|exit(?:ing)?|"
    r"rejoin(?:ing)?|sign(?:ing)?|ratify(?:ing)?|join(?:ing)?|accede|acceding|denounc(?:e|ing)|"
    r"(?:start|begin|launch)\s+(?:the\s+)?(?:\w+\s+){0,2}procedures?)"
)
_ANNOUNCED_ACT = (
    r"\b(?:(?:announced|declared|said|stated|confirmed)\s+|(?:told|informed|notified)\s+(?:(?:[A-Z][\w.]*\s+){1,3}|"
    r"(?:the\s+)?(?:reporters|journalists|the\s+press|lawmakers|legislators|supporters|parliament|diplomats|"
    r"allies|a\s+(?:news\s+conference|rally|crowd))\s+))"
    r"(?:[\w.,\-'\u2019]+\s+){0,10}?that\s+(?:[\w'\u2019.\-]+\s+){1,5}?(?:was|were|is|are|would|will)\s+"
    r"(?:not\s+)?(?:be\s+)?(?:formally\s+|now\s+|also\s+)?" + ACT_VERB + r"\b"
)

# "signed the ratification law", "signed the withdrawal bill": the act is named before the law.
_LEGAL_NOUN = r"\b[Ss]ign(?:ed|s|ing)\s+(?:a|the)\s+(?:\w+\s+)?{}\s+(?:law|bill|decree|legislation)\b"
LEGAL_NOUNS = (
    ("RatificationRevocation", r"(?:de-?ratification|revocation)"),
    ("Ratification", "ratification"),
    ("Withdrawal", r"(?:withdrawal|denunciation)"),
    ("Suspension", "suspension"),
    ("Extension", "extension"),
)

# Transitive pull-outs: the leaving party is the object ("Trump pulled the United States out of the
# deal", "took his country out of", "withdrew Washington from", "leading Britain out of").
_OBJECT = (
    r"(?:(?:the\s+)?(?:[A-Z][\w.\-]*\s+){1,3}?|(?:his|her|its|their|the)\s+(?:country|nation|government)\s+)"
)
_PULL_OUT = (
    r"\b(?:pull(?:ed|s|ing)?|t(?:ook|akes?|aking|aken)|l(?:ed|eads?|eading))\s+"
    + _OBJECT
    + r"out\s+of\b|\bwithdr(?:ew|awn|aws?|awing)\s+"
    + _OBJECT
    + r"from\b"
) + _TREATY_NEXT

# Nominalised treaty acts with a light verb: "completed its withdrawal from", "finalised the
# ratification of", "gave its consent to the ratification of", "began its accession to". Verbs of
# completion report the act itself; verbs of starting or announcing report a notice (Announcement).
_NOMINAL = (
    r"(?:(?:its|their|his|her|the|a|an)\s+)?(?:[A-Z][\w.\-]*(?:'s|\u2019s)?\s+)?"
    r"(?:formal\s+|final\s+|own\s+)?(?:\w+-(?:month|year|day|week|step)\s+)?"
)
_DONE = (
    r"\b(?:complet(?:ed|es|ing)|finali[sz](?:ed|es|ing)|formali[sz](?:ed|es|ing)|conclud(?:ed|es|ing)|"
    r"effect(?:ed|s|ing)|carried\s+out|carr(?:ies|ying)\s+out|gave|gives|giving|granted|grants|"
    r"approv(?:ed|es|e|ing)|endors(?:ed|es|e|ing)|back(?:ed|s|ing)|rubber-stamp(?:ed|s|ing)?)\s+"
    + _NOMINAL
    + r"(?:consent\s+to\s+(?:the\s+|its\s+)?)?"
)
_BEGUN = (
    r"\b(?:began|begun|begins?|beginning|start(?:ed|s|ing)|initiat(?:ed|es|ing)|launch(?:ed|es|ing)|"
    r"announc(?:ed|es|ing)|declar(?:ed|es|ing)|trigger(?:ed|s|ing))\s+" + _NOMINAL
)
# The act named alone ("approved the suspension.", "completed its withdrawal on Tuesday") is the
# treaty's the article is about; "withdrawal of troops" is no treaty act.
_ALONE = r"(?=\s*[,.;]|\s+(?:on|in|last|this|at|earlier|later)\b)"
NOMINAL_ACTS = (
    (
        "Withdrawal",
        r"(?:(?:withdrawal|exit|departure)\s+from|denunciation\s+of)\b|(?:withdrawal|exit)\s+(?:process|procedure)\b|"
        r"(?:withdrawal|exit)" + _ALONE,
    ),
    ("Suspension", r"suspension\s+of\b|suspension" + _ALONE),
    ("Ratification", r"ratification\s+(?:of|process)\b|ratification" + _ALONE),
    ("Accession", r"accession\s+to\b|accession" + _ALONE),
)

# The noun of an act after its owner's possessive ("Washington's", "the Soviet Union's last").
_OWNED = r"(?<=(?:'s|\u2019s)\s)(?:(?:first|last|final|formal|latest|own|earlier)\s+)?"
# A time of the act inside its noun phrase: "in 1962", "in January 2003", "on Dec. 29, 1991".
_DATED_IN_PHRASE = (
    r"(?=[^.;,]{0,80}?\b(?:in|on)\s+(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},\s+)?(?:1[89]|20)\d\d\b(?!\s+[A-Z]))"
)
OWNED_ACTS = (
    ("Withdrawal", r"(?:withdrawal|exit)\s+from\b"),
    ("Ratification", r"ratification\s+of\b"),
    ("Accession", r"accession\s+to\b"),
    ("Suspension", r"suspension\s+of\b"),
    ("Signing", r"signing\s+of\b"),
    (
        "Deployment",
        r"deployment\s+of\s+(?:[\w-]+\s+){0,3}?(?:missiles|weapons|warheads|bombers|launchers|rockets)\b",
    ),
    ("WeaponsTest", r"(?:(?:nuclear|atomic|underground|weapons?)\s+)?(?:tests?|explosions?)\b(?!\s+ban)"),
)
# A test or deployment owned by a demonym: "a Soviet test at Semipalatinsk in September 1988"
_DEMONYM_OWNED = r"\b(?:a|an|the)\s+[A-Z][a-z]+\s+(?P<t>"

# What a speaker promises to do: "would send", "will remain", "would spend". Not a treaty act (an
# Announcement), a threat ("would be forced to", "would respond") or defiance ("would keep its programme").
OWN_CONDUCT = (
    r"(?:send|provide|supply|give|deliver|spend|contribute|fund|finance|work\s+with|help|remain|stay|"
    r"continue\s+to|cut|reduce|destroy|dismantle|eliminate|welcome|allow|accept|implement|uphold|behave)"
)

_FIRST_TO = r"(?<=,\s)(?:the|its)\s+(?:first|last|[\w-]+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,3}?to\s+"
# "became the first world leader to sign", "became the 50th state to ratify"
_BECAME = r"\bbec(?:ame|omes)\s+the\s+[\w-]+\s+(?:[\w-]+\s+){0,3}?to\s+"

TRIGGERS: tuple[tuple[str, str, frozenset[str]], ...] = tuple(
    (t, p, frozenset(f.split()))
    for t, p, f in (
        *((t, _LEGAL_ACT + r"(?:" + p + r")\b", "") for t, p in LEGAL_ACTS),
        *((t, _LEGAL_NOUN.format(p), "") for t, p in LEGAL_NOUNS),
        ("RatificationRevocation", _REVOKE, ""),
        *((t, _DONE + "(?:" + p + ")", "") for t, p in NOMINAL_ACTS),
        *(("Announcement", _BEGUN + "(?:" + p + ")", "inherent") for _, p in NOMINAL_ACTS),
        ("Withdrawal", _PULL_OUT, ""),
        ("Announcement", r"\bannounc\w*\s+(?:(?:his|her|its|their|the)\s+)?decision\s+to\s+\w+", "inherent"),
        (
            "Announcement",
            r"\btold\s+[A-Z][\w.]*(?:\s+[A-Z]\w*)?\s+that\s+[^.]{0,40}?\b(?:was|were|would\s+be)\s+"
            r"(?:pulling\s+out|withdrawing|leaving|suspending)\b",
            "inherent",
        ),
        (
            "Announcement",
            r"\b(?:was|were)\s+opened\s+for\s+signature\b|(?<!\bbe\s)\bopened\s+(?:the\s+(?:[\w-]+\s+){1,12}?)?for\s+"
            r"signature\b",
            "inherent agentless",
        ),
        (
            "Announcement",
            r"\b(?:gave|given|served|delivered|handed)\s+(?:\w+\s+)?(?:formal\s+)?notice\b|\bnotes?\s+went\b|"
            r"\bnotified\b",
            "",
        ),
        (
            "Announcement",
            r"\bsaid\s+(?:(?:on|in|late|early|last)\s+[\w.]+\s+(?:\d+\s+)?)?(?:that\s+)?(?:it|they|[A-Z][\w.]+)\s+"
            r"(?:(?:will|would|did|do|does|could|can)\s+not|cannot)\s+"
            r"(?:intend\s+to\s+|plan\s+to\s+)?(?:sign|ratify|join|accede|become\s+(?:a\s+)?party)\b",
            "inherent",
        ),
        ("Announcement", _ANNOUNCED_ACT, "inherent"),
        # "has vowed never to sign it": saying that a treaty act will not be taken
        (
            "Announcement",
            r"\b(?:vowed|pledged|promised|swore)\s+(?:never|not)\s+to\s+(?:sign|ratify|join|accede\s+to)\b",
            "inherent",
        ),
        (
            "Announcement",
            r"\bannounced\s+(?:the|its|his|her|their|a)\s+(?:\w+\s+)?(?:decision|intention|plan)\b(?!\s+to\b)",
            "inherent",
        ),
        (
            "Announcement",
            r"\bannounced\s+(?:that\s+)?(?:it|they)\s+(?:will|would)\s+(?:withdraw|suspend|leave|sign|ratify)\b",
            "inherent",
        ),
        (
            "Withdrawal",
            r"\bno\s+longer\s+(?:regarded|regards|considered|considers)\s+itself\s+(?:as\s+)?bound\b|"
            r"\b(?:is|was|are|were)\s+no\s+longer\s+bound\b",
            "inherent",
        ),
        ("Withdrawal", r"\bwithdr(?:ew|awn|awing)\s+from\b|\bpulled\s+out\s+of\b|\bquit\s+the\b", ""),
        # A chamber's vote to leave is the act of that chamber ("voted on Wednesday to leave the ... Treaty").
        (
            "Withdrawal",
            _VOTED_TO + r"(?:leave|quit|exit|withdraw\s+from|pull\s+out\s+of)\b" + _TREATY_NEXT,
            "",
        ),
        # "stopped implementing the Additional Protocol", "ceased applying the treaty"
        (
            "Suspension",
            r"\b(?:stopped|ceased|halted)\s+(?:implementing|applying|observing|complying\s+with)\s+"
            r"(?:[\w'\u2019-]+\s+){0,4}?(?:" + _T + r"|[Pp]rotocol|New\s+START|[A-Z][A-Z0-9\-]{2,})\b",
            "",
        ),
        (
            "Suspension",
            r"\bsuspend(?:ed|ing|s)?\s+(?:its\s+|their\s+|the\s+|Russia's\s+|[A-Z]\w+(?:'s|\u2019s)\s+)?(?:own\s+)?"
            r"(?:participation|obligations|operation|implementation|application|compliance|membership)\b",
            "",
        ),
        (
            "Suspension",
            r"\b(?:suspend(?:ed|ing|s)?|froze|frozen|freez(?:es|ing)|halt(?:ed|ing|s)?)\s+(?:(?:its|their|the|an?|"
            r"[A-Z]\w+(?:'s|\u2019s))\s+)?(?:(?:participation|membership|role)\s+in\s+(?:the\s+|an?\s+)?|"
            r"(?:[\w-]+\s+){0,2}?(?:inspections|verification|implementation|cooperation|obligations)\s+"
            r"(?:under|of|with)\s+(?:the\s+|an?\s+)?)?"
            r"(?!(?:[\w-]+\s+){0,2}(?:talks|dialogue|negotiations|contacts)\b)(?:[\w-]+\s+){0,5}?(?:"
            + _T
            + r"|New\s+START|[A-Z][A-Z0-9\-]{2,})\b",
            "",
        ),
        ("Withdrawal", r"\bleft\s+the\b(?=[^.,]{0,60}\b" + _T + r")", ""),
        # "Russia's withdrawal from the treaty took effect on ...": the act named by its noun
        (
            "Withdrawal",
            r"\b(?P<t>withdrawal|exit|denunciation)\s+(?:from|of)\s+[^.;]{0,80}?\b(?:took\s+effect|"
            r"bec(?:ame|omes)\s+effective|came\s+into\s+(?:force|effect)|entered\s+into\s+force)\b",
            "",
        ),
        (
            "Suspension",
            r"\b(?P<t>suspension)\s+of\s+[^.;]{0,80}?\b(?:took\s+effect|bec(?:ame|omes)\s+effective|"
            r"came\s+into\s+(?:force|effect)|entered\s+into\s+force)\b",
            "",
        ),
        ("Withdrawal", r"\b(?:exited|abandoned|walked\s+away\s+from|renounced)\b" + _TREATY_NEXT, ""),
        # "the INF Treaty, from which the United States withdrew in 2019": the verb ends its clause
        (
            "Withdrawal",
            r"\bfrom\s+which\s+[^,;.]{1,60}?\b(?P<t>withdr(?:ew|awn))\b(?=\s+(?:in|on|last|earlier|\d)|[,.;])",
            "",
        ),
        (
            "Accession",
            r"\b(?:deposited|handed(?:\s+over)?|submitted|signed|presented|delivered)\s+(?:[\w'\u2019]+\s+){0,3}"
            r"instruments?\s+of\s+accession\b",
            "",
        ),
        ("Accession", r"\b(?:formally\s+)?(?:joined|acceded\s+to)\b" + _TREATY_NEXT, ""),
        ("Accession", _BECAME + r"(?:join|accede\s+to)\b", "inherent"),
        ("Ratification", _BECAME + r"ratify\b", "inherent"),
        (
            "Ratification",
            r"\b(?:exchang|swapp|trad)(?:ed|ing|es|e)\s+(?:the\s+|their\s+)?(?:[\w-]+\s+)?instruments\s+of\s+"
            r"ratification\b|"
            r"\b(?:approved|endorsed)\s+(?:the\s+)?ratification\b|"
            r"\b(?:voted\s+for|passed|approved|adopted|backed)\s+the\s+(?:\w+\s+)?(?:bill|legislation)\b|"
            r"\b(?:Duma|Senate|[Pp]arliament|Congress|Council|[Ll]egislature|Assembly|Majlis|Rada|Bundestag)"
            r"(?:,\s+the\s+[^,]{1,40},\s+|\s+(?:\w+\s+){0,2}?)(?P<t>approved|endorsed|backed)\s+(?:it|them)\b|"
            r"\b(?:approved|endorsed)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:[Tt]reaty|accord|[Cc]onvention|pact)\b|"
            + _VOTED_TO
            + r"(?:approve|endorse)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:[Tt]reaty|accord|[Cc]onvention|pact|"
            r"[A-Z][A-Z0-9\-]{2,})\b|"
            r"\bratified\b|" + _VOTED_TO + r"ratify\b",
            "",
        ),
        ("Ratification", r"\bdeposited\s+(?:the|its|their|his)\s+instruments?\b(?!\s+of\s+accession)", ""),
        # "The Senate gave its advice and consent to ratification of the Chemical Weapons Convention"
        ("Ratification", r"\badvice\s+and\s+consent\s+to\s+(?:the\s+|its\s+)?ratification\b", ""),
        # "signed the American instruments of ratification", "handed over Russia's instrument of ratification"
        (
            "Ratification",
            r"\b(?:signed|handed(?:\s+over)?|submitted|presented|delivered)\s+(?:[\w'\u2019]+\s+){0,3}"
            r"instruments?\s+of\s+ratification\b",
            "",
        ),
        (
            "EntryIntoForce",
            r"\b(?:entered|came)\s+into\s+(?:force|effect)\b|"
            r"\bbr(?:inging|ought)\s+(?:it|them|the\s+(?:[\w-]+\s+){0,4}?[\w-]+)\s+into\s+force\b|"
            r"\btook\s+effect\b",
            "",
        ),
        ("Expiry", r"\b(?:lapsed|expired|ran\s+out)\b", ""),
        ("Expiry", r"\bexpires\b", "future"),
        (
            "Extension",
            r"\b(?:keep|kept)\s+(?:it|the\s+\w+)\s+in\s+force\s+indefinitely\b|\bextended\b|\bextend\b"
            + _TREATY_NEXT,
            "",
        ),
        (
            "Pledge",
            r"\bpledged\b|\bpromis(?:ed|ing)\b|\bundert(?:ake|akes|ook)\s+to\b|\breaffirm\w*\s+that\b|"
            r"\b(?:offered|gave|received|provided|extended)\s+(?:\w+\s+){0,3}assurances\b|\bmoratorium\b|"
            r"\bwould\s+do\s+(?:its|their)\s+\W?utmost\b|"
            r"\b(?:vowed|committed\s+(?:itself\s+|themselves\s+)?to|guaranteed)\b(?!\s+(?:a|an|the)\b)|"
            r"\b(?:had|has|have)\s+no\s+(?:intention|plans?)\s+(?:of|to)\b|"
            r"\bagreed\s+(?:(?:in|on|last)\s+[\w.]+\s+(?:\d+\s+)?)?to\s+(?:suspend|halt|freeze|stop|abandon|dismantle|"
            r"give\s+up|refrain\s+from|cap|limit)\b(?!\s+(?:its\s+|their\s+|the\s+)?(?:participation|obligations))|"
            r"\b(?:said|promised|insisted|stressed|declared|announced)\s+(?:(?:on|in|at|late|early)\s+[\w.,\-]+\s+)?"
            r"(?:that\s+)?(?:it|they|[A-Z][\w.]+)\s+(?:would|will)\s+"
            r"(?:continue\s+to\s+|also\s+)?(?:abide\s+by|respect|observe|honou?r|adhere\s+to|comply\s+with|"
            r"remain\s+committed\s+to)\b|"
            # an assurance about one's own conduct: "said Moscow would not deploy missiles covered by ..."
            r"\b(?:said|promised|insisted|stressed|declared|assured\s+\w+)\s+(?:(?:on|in|at|late|early)\s+[\w.,\-]+\s+)?"
            r"(?:that\s+)?(?:it|they|[A-Z][\w.]+)\s+(?:would|will)\s+(?:not|never)\s+(?:\w+ly\s+)?"
            r"(?:deploy|use|test|conduct|produce|build|develop|acquire|transfer|export|station|resume|place)\b|"
            r"\b(?:will|would)\s+(?:not|never)\b[^.;]{0,60}?\bbe\s+the\s+first\s+to\b|"
            # a promise of one's own conduct: "said on Friday that it would send cluster munitions",
            # "announced that Canada would spend", "has said it will remain a signatory"
            r"\b(?:said|announced|promised|insisted|stressed|declared|assured\s+\w+)\s+"
            r"(?:(?:on|in|at|late|early|last)\s+[\w.,\-]+\s+(?:\d+\s+)?)?(?:that\s+)?"
            r"(?:it|they|he|she|we|(?:the\s+)?[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)\s+(?:would|will)\s+"
            r"(?:also\s+|still\s+)?" + OWN_CONDUCT + r"\b|"
            r"\b(?:would|will)\s+(?:not\s+)?(?:resume|conduct|deploy|remain|stay|keep|continue)\b"
            r"(?=[^.;]{0,120}\b(?:unless|as\s+long\s+as|provided\s+that|on\s+condition|so\s+long\s+as|"
            r"only\s+if)\b)",
            "inherent",
        ),
        (
            "Compliance",
            r"\b(?:is|are|was|were|remains?)\s+(?:still\s+)?(?:observing|complying|abiding|adhering)\b|"
            r"\bcompl(?:ied|ies)\s+with\b|"
            # "Russia remains in full compliance with New START", "continues to observe the limits"
            r"\b(?:is|are|was|were|remains?|remained|stays?|stayed)\s+(?:still\s+)?(?:in\s+)?(?:full\s+|strict\s+)?"
            r"compliance\s+with\b|\bcontinu(?:es|ed)\s+to\s+(?:observe|comply\s+with|abide\s+by|adhere\s+to|respect)\b",
            "",
        ),
        (
            "RejectionOfTalks",
            r"\brul(?:ed|es|ing)\s+out\s+(?:\w+\s+){0,3}(?:talks|dialogue|negotiations)\b|"
            r"\b(?:cannot|can\s*not|can't|will\s+not|won't|refused?\s+to)\s+(?:hold|have|start|launch|"
            r"resume|begin)\s+(?:any\s+)?(?:talks|dialogue|negotiations)\b|"
            r"\b(?:can|could)\s+(?:simply\s+)?be\s+no\s+(?:talks|dialogue|negotiations)\b|"
            # "refused to discuss New START", "rejected a U.S. offer of talks"
            r"\brefus(?:ed|es|ing)\s+to\s+(?:discuss|negotiate)\b|"
            r"\b(?:rejected|turned\s+down|declined)\s+(?:a|an|the)\s+(?:[\w.'\u2019-]+\s+){0,3}?"
            r"(?:offer|proposal|invitation)\s+(?:of|for|to\s+hold)\s+(?:\w+\s+)?(?:talks|dialogue|negotiations)\b|"
            r"\bnot\s+(?:even\s+)?close\s+to\b[^.]{0,80}\b(?:dialogue|talks)\b|"
            r"\brejected\s+(?:\w+\s+){0,2}(?:talks|dialogue|negotiations)\b|"
            r"\b(?:would|will)\s+(?:never|not)\s+(?:again\s+)?(?:take\s+part|participate|return|rejoin)\s+"
            r"(?:in|to)?\s*(?:the\s+|any\s+|such\s+)?(?:[\w-]+\s+){0,2}?(?:talks|dialogue|negotiations)\b|"
            r"\b(?:walked\s+out\s+of|quit|pulled\s+out\s+of|withdrew\s+from|broke\s+off|broken\s+off|"
            r"suspended|halted|froze|frozen|cut\s+off|called\s+off|postponed|put\s+off|cancell?ed|canceled)\s+(?:the\s+|its\s+|their\s+|all\s+)?"
            r"(?:[\w-]+\s+){0,2}?(?:talks|dialogue|negotiations|contacts)\b",
            "inherent",
        ),
        ("Signing", _BECAME + r"(?:sign|put\s+(?:his|her|its|their)\s+names?\s+to)\b", "inherent"),
        # "Clinton, the first world leader to sign the treaty, ...": an apposition on the signer
        ("Signing", _FIRST_TO + r"(?P<t>sign)\b", "inherent"),
        ("Ratification", _FIRST_TO + r"(?P<t>ratify)\b", "inherent"),
        ("Accession", _FIRST_TO + r"(?P<t>join|accede)\b", "inherent"),
        (
            "Signing",
            # not a law or a letter ("signed the decree", "the decree signed by Putin"), nor the instrument
            # of another act ("signed the instrument of accession": that act)
            r"(?<!decree\s)(?<!law\s)(?<!bill\s)(?<!order\s)(?<!letter\s)"
            r"\b[Ss]igned\b(?!\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:law|decree|bill|order|legislation|"
            r"presidential\s+memorandum|executive\s+order)\b)"
            r"(?!\s+(?:[\w'\u2019]+\s+){0,3}instruments?\s+of\s+(?:accession|ratification))|"
            r"\bput\s+(?:his|her|its|their)\s+names?\s+to\b|"
            # "initialled the ABM Treaty", "the two sides concluded the INF Treaty"
            r"\binitial(?:l)?ed\b" + _TREATY_NEXT + r"|\bconcluded\s+(?=(?:the|their)\s)" + _TREATY_NEXT,
            "",
        ),
        (
            "Signing",
            r"\breached\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:agreement|deal|accord|understanding|arrangement|road\s*map)\b|"
            r"\bwas\s+concluded\b|" + _TREATY_BEFORE + r"(?:was|were)\s+reached\b|"
            r"\bconcluded\s+(?:a|an)\b|\b(?:which|that)\s+(?:[\w'\u2019.\-]+\s+){1,8}?(?P<t>reached|concluded)\b(?!\s+(?:a|an|the|its|their)\b)|\bagreed\s+on\s+(?=(?:a|an|the)\s)|\b(?:framework|agreement|deal|accord|plan)\s+agreed\b|"
            # "agreed on Saturday on a framework", "agreed to a plan", "agreed a ceasefire"
            r"\bagreed\s+(?:(?:on|in|last)\s+[\w.]+\s+(?:\d+,?\s+)?(?:(?:on|to)\s+)?|to\s+)?(?=(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:framework|plan|deal|agreement|accord|ceasefire|cease-fire|road\s*map|arrangement)\b)",
            "",
        ),
        (
            "Negotiation",
            r"\bnegotiated\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?(?:text|terms|treaty|agreement|accord|deal)\b|"
            r"\bnegotiated\s+in\s+(?:\w+\s+){0,2}talks(?:\s+that\s+(?:opened|began|started))?\b|\btalks\s+(?:that\s+)?began\b|\bbegan\s+(?:talks|negotiations)\b|\bopened\s+(?:talks|negotiations)\b|"
            r"\badopted\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,5}?(?:[Tt]reaty|text|[Cc]onvention|[Aa]greement)\b|"
            r"\b(?:adopted|commended)\s+the\s+(?:final\s+)?text\b|\bproposed\b|"
            + _TREATY_BEFORE
            + r"(?:was|were)\s+adopted\b",
            "",
        ),
        # "The Convention on Cluster Munitions was adopted in Dublin": a name right before (events.py)
        ("Negotiation", r"\b(?:was|were)\s+(?:formally\s+)?adopted\b", "after_treaty agentless"),
        # "The treaty, adopted by the UN General Assembly in 1996, bans ...": the same, as a participle
        ("Negotiation", r"(?<=,\s)adopted\s+(?=(?:by|at|in|on)\b)", "after_treaty agentless"),
        # "the Strategic Arms Limitation Talks, which opened in Helsinki in November 1969" (no agent needed)
        (
            "Negotiation",
            r"\b(?:[Tt]alks|[Nn]egotiations|[Cc]onference)(?:,?\s+which|\s+that)?"
            r"(?:\s+(?:on|over|about)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)?"
            r"\s+(?:had\s+|have\s+)?(?:first\s+|formally\s+)?(?:opened|began|begun|started|convened|resumed)\b",
            "agentless",
        ),
        # "negotiators held talks on New START in Geneva", "the two sides held a new round of talks"
        (
            "Negotiation",
            r"\b(?:held|hold|holding|resumed)\s+(?:(?:a|an|the|their|new|further|fresh|formal|first|second|third|"
            r"another|round\s+of|\w+-day)\s+)*(?:talks|negotiations|consultations)\b",
            "",
        ),
        (
            "Deployment",
            r"(?<!\d\s)(?<!\bthe\s)(?<!\band\s)(?<!non-)\bdeploy(?:ed|ing|s)?\b(?!\s+(?:and|strategic|intercontinental|warheads|missiles|launchers))|\bstationed\b",
            "object",
        ),
        # "moved the first of its tactical nuclear weapons to Belarus", "delivered warheads to ..."
        (
            "Deployment",
            r"\b(?:moved|transferred|shipped|delivered|relocated)\s+(?:[\w'\u2019\-]+\s+){0,6}?"
            r"(?:weapons|warheads|missiles|bombs|launchers)\s+(?:[\w'\u2019\-]+\s+){0,3}?(?:to|into)\s+(?=[A-Z])",
            "",
        ),
        ("Production", r"\bproduc(?:ed|ing|es)\b|\bmanufactur(?:ed|ing|es)\b|\bbuilt\b", "object"),
        # "has succeeded in enriching uranium", "had enriched uranium to 3.5 percent"; not "enriched uranium"
        # as a noun ("has highly enriched uranium", "has enriched uranium stocks", "was enriched uranium")
        (
            "Production",
            r"\b(?:succeeded\s+in|began|begun|started|resumed|is|are|was|were|been)\s+(?:\w+ly\s+)?"
            r"enriching\s+uranium\b|\b(?:has|have|had)\s+(?:already\s+|now\s+|successfully\s+)?enriched\s+"
            r"uranium\b(?=\s*[,.;]|\s+(?:to|for|at|in|since|on)\b)",
            "",
        ),
        # "conducted five underground nuclear tests", "carried out its first nuclear weapons test",
        # "set off three devices", "exploded a nuclear device" (the test word itself is the object)
        (
            "WeaponsTest",
            r"\b(?:conducted|carried\s+out|staged|performed)\s+(?:(?:a|an|its|their|his|\w+)\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?:nuclear|atomic|missile|weapons?|underground|hydrogen|bomb)\s+(?:\w+\s+)?(?:tests?|explosions?)\b|"
            # "India conducted five tests of its own": the tests the article has just reported
            r"\b(?:conducted|carried\s+out|staged)\s+(?:\w+\s+){0,2}?tests?\s+of\s+(?:its|their)\s+own\b|"
            r"\b(?:set\s+off|exploded|detonated)\s+(?:a|an|its|their|\w+)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:devices?|bombs?|warheads?|explosions?)\b|"
            r"(?<![\w-])(?:launched|fired)\s+(?:a|an|its|their|two|three|\w+)\s+(?:[\w-]+\s+){0,3}?(?:missiles?|rockets?)\b",
            "",
        ),
        # "North Korea resumed nuclear testing in 2009"
        (
            "WeaponsTest",
            r"\bresum(?:ed|es|ing)\s+(?:its\s+)?(?:nuclear\s+|atomic\s+|underground\s+)?testing\b",
            "",
        ),
        (
            "WeaponsTest",
            r"\btest-fired\b|\btested\b|\bconducted\s+(?:a|an|its|their)\s+(?:\w+\s+){0,2}tests?\b",
            "object",
        ),
        # An act named by its noun after its owner and dated in the phrase: "the Soviet Union's deployment of
        # nuclear missiles in Cuba in 1962", "Washington's withdrawal from the ABM Treaty in 2002"
        *((t, _OWNED + p + _DATED_IN_PHRASE, "owned") for t, p in OWNED_ACTS),
        *(
            (t, _DEMONYM_OWNED + p + ")" + _DATED_IN_PHRASE, "owned")
            for t, p in OWNED_ACTS
            if t in ("Deployment", "WeaponsTest")
        ),
        # proposals made in talks: "tabled identical draft conventions", "put forward a draft treaty"
        (
            "Negotiation",
            r"\b(?:tabled|put\s+forward|submitted|presented)\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
            r"drafts?\b(?:\s+(?:" + _T + r"s?|texts?|conventions?|treat(?:y|ies)))?",
            "",
        ),
        # "renounced the use of lethal biological weapons", "renounces first use of nuclear weapons"
        (
            "Pledge",
            r"\brenounc(?:ed|es|ing)\s+(?:the\s+)?(?:first\s+)?(?:use|development|production)\s+of\b",
            "",
        ),
        ("Statement", r"\bissued\s+a\s+(?:\w+\s+)?statement\b", ""),
        # "signed the decree on Monday": typed by the legal act reported before it (kg.extract.events)
        (
            "LawReference",
            r"\bsign(?:ed|s|ing)\s+the\s+(?:\w+\s+)?(?:decree|law|bill|order|legislation)\b",
            "",
        ),
    )
)
COMPILED = tuple((t, re.compile(p), f) for t, p, f in TRIGGERS)
PULL_OUT = re.compile(_PULL_OUT)

NEGATION = re.compile(
    r"\b(?:not(?!\s+only)|never|no|n't|without|refrain(?:s|ed)?\s+from|refus(?:e|es|ed)\s+to|ruling\s+out|"
    r"ruled\s+out|nor|cannot)\b"
)
MODAL = re.compile(
    r"\b(?:will|would|may|might|could|can|shall|should|must|is\s+to|are\s+to|due\s+to|"
    r"expected\s+to|likely\s+to|plans?\s+to|wants?\s+to|until|if|unless)\b"
)
CLAUSE_BREAK = re.compile(
    r"[;:\"\u201c\u201d(]|,\s+(?:and|but|while|which|who|when|saying)\b|\b(?:that|but|when|"
    r"after|while|although|because|which|as\s+long\s+as)\b"
)
REAL_INFINITIVE = re.compile(
    r"\b(?:agreed|decided|voted|chose|moved|first\s+\w+)\s+(?:\w+ly\s+)?(?:(?:on|in|at|during)\s+(?:[\w.]+\s+){1,7})?"
    r"(?:\w+ly\s+)?to\s+$"
)
CONDITION = re.compile(r"\b(?:as\s+long\s+as|provided\s+that|on\s+condition\s+that|unless)\b[^.;]*")
ARMS_CONTEXT = re.compile(
    r"\b(?:nuclear|missiles?|warheads?|weapons|arms\s+control|disarmament|non-?proliferation|ballistic|"
    r"test\s+ban|enrichment|plutonium|chemical\s+weapons|biological\s+weapons|treaty|safeguards|"
    r"(?:land|anti-personnel\s+)?mines|munitions|arms|uranium|moratorium|nuclear\s+tests?)\b",
    re.IGNORECASE,
)


def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause holding ``pos`` (not before ``lo``)."""
    start = lo
    for m in CLAUSE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


def modality(text: str, lo: int, start: int, end: int, flags: frozenset[str]) -> str | None:
    """ "Future", "Possible", "Negated" or "Conditional" for a trigger at ``[start, end)``; None when real."""
    if "future" in flags:
        return "Future"
    if "inherent" in flags:
        return None
    cs = clause_start(text, lo, start)
    before = text[cs:start]
    if re.search(r"\bto\s+$", before) and not REAL_INFINITIVE.search(before):
        return "Future"
    if re.search(r"\b(?:begin|start|continue)\s+(?:\w+\s+and\s+)?$", before) and MODAL.search(before):
        return "Possible"
    if NEGATION.search(before):
        return "Negated"
    m = MODAL.search(before)
    if m:
        return "Conditional" if m.group(0) in ("if", "unless", "until") else "Possible"
    return None
