"""The Drangedal template: the areas, strategies and actions of Drangedal kommune's
«Introduksjonsprogrammet – Strategiplan» (RO, November 2006; shared/seeds/000_*.txt), as data.

The plan's table «Tiltaksplan: Aktivitet | Oppstart | Ansvarlig | Iverksatt» has, per area, a
list of strategies and a list of actions with their start («Oppstart») and who is responsible
(«Ansvarlig»). Here:

- the texts are the plan's own, lightly edited so that each reads on its own;
- `strategy` is the index of the area's strategy the action serves, or None where the plan
  lists the action for the area as a whole;
- `start` is the action's start in months after the plan starts: the plan was made in
  November 2006, so «Januar 2007» is 2 and «Februar 2007» 3; `due` likewise (the plan's
  «Søknadsfrist 15.12.07» is 13);
- the plan names people of Drangedal in 2006 as responsible; here they are the unit or role
  they worked in (the refugee service, adult education «VO», the health centre…). A leader
  who uses the template assigns their own people afterwards;
- `notes` is what the plan's «Oppstart» column says beyond a date.

Data only: services.create_plan_from_template reads it.
"""

from __future__ import annotations

TEMPLATE_NAME = "Drangedal"

FLYKTNINGTJENESTEN = "Flyktningtjenesten"
VO = "VO"

AREAS: list[dict] = [
    {
        "title": "Generelt",
        "description": (
            "Introduksjonsprogrammet er et samarbeidsprosjekt: rolleavklaringer og "
            "ansvarsplassering, økonomi, innhold, arbeidsmåter og organisering av "
            "språkopplæringen, og bruk av praksisplasser."
        ),
        "strategies": [
            "Et kontinuerlig samarbeidsprosjekt for rekruttering av arbeidskraft",
            "Basere mål og strategier på kommuneplanens føringer",
            "Fortsatt bosette barnefamilier i sentrum",
            "Skape størst mulig forutsigbarhet gjennom jevn bosetting av flyktninger, for å "
            "motvirke for store svingninger",
        ],
        "actions": [
            {
                "text": "Vurdere framtidig organisering av introduksjonsprogrammet gjennom "
                "teamorganisering, herunder flyktningtjenestens tilgjengelighet",
                "strategy": None,
                "start": 2,
                "unit": FLYKTNINGTJENESTEN,
                "notes": "Handlingsplan for integrering og inkludering – søknad om prosjektmidler.",
            },
            {
                "text": "Bruke helsestasjonen som et naturlig og legitimt sted for å søke "
                "informasjon og etablere naturlige samtalearenaer for alle",
                "strategy": None,
                "start": 2,
                "unit": "Helsestasjonen",
            },
            {
                "text": "Etablere introduksjonsstønad med individuell tilpasning",
                "strategy": None,
                "start": 2,
                "unit": "Personalkontoret",
                "notes": "Utbetaling i januar skjer etter ny modell.",
            },
            {
                "text": "Samhandle om kartlegging for å unngå unødvendig dobbeltarbeid",
                "strategy": None,
                "start": 2,
                "unit": FLYKTNINGTJENESTEN,
                "notes": "Kartleggingen gjøres av flyktningtjenesten, som formidler den videre "
                "til samarbeidende parter.",
            },
            {
                "text": "Utvikle individuelle planer for den enkelte (innhold, framdrift, "
                "organisering, mål, ansvar)",
                "strategy": 0,
                "start": 2,
                "unit": "Flyktningtjenesten, i samarbeid med VO og arbeidsplass",
                "notes": "Flyktningens plan: mål for å komme i jobb. Dokumentere opplæring og "
                "kvalifisering. Resultat: CV.",
            },
            {
                "text": "Etablere en funksjonell deltaker-veiledersamling",
                "strategy": 0,
                "start": 3,
                "unit": FLYKTNINGTJENESTEN,
            },
        ],
    },
    {
        "title": "Mottak og bosetting",
        "description": "Ledetråd: hjelp til selvhjelp.",
        "strategies": [
            "Ledetråd: hjelp til selvhjelp",
            "Etablere et informasjonsmøte for alle relevante aktører (også utenomkommunale "
            "aktører) ved hver bosetting. Dette gjelder også dem som kommer enkeltvis som "
            "familiegjenforente.",
            "Tydelig ansvar for oppgavene: tildeling av boliger (boligtildelingsnemnda), "
            "klargjøring av tildelt bolig (eiendom og drift), innkalling til informasjonsmøte "
            "(flyktningkoordinator), opplæring i å bo, handle og styre penger – teoretisk og "
            "praktisk (VO, med fagstøtte fra andre enheter), og klargjøring av stønad "
            "(personalkontoret)",
            "Støtteordninger for fritid, og informasjon om hvordan aktivitetene våre fungerer",
        ],
        "actions": [
            {
                "text": "Informasjonsmøte for interne medarbeidere: formidle kunnskap om "
                "flyktningenes bakgrunn",
                "strategy": 1,
                "start": 2,
                "unit": "Flyktningkoordinator",
            },
            {
                "text": "Informasjonsmøte ved neste bosetting: formidle kunnskap om hvem som "
                "kommer, antall og når",
                "strategy": 1,
                "start": 4,
                "unit": "Flyktningkoordinator",
            },
            {
                "text": "Avklare konkret hvem som gjør hva (ansvarsfordeling) ved hver bosetting",
                "strategy": 2,
                "start": 4,
                "unit": "Flyktningkoordinator",
            },
            {
                "text": "Samle ideer og søke eksterne prosjektmidler",
                "strategy": 3,
                "start": 2,
                "due": 13,
                "unit": FLYKTNINGTJENESTEN,
                "notes": "Søknadsfrist 15. desember.",
            },
        ],
    },
    {
        "title": "Barnehage/skole/SFO/fritid",
        "description": (
            "Det er skole, barnehage og SFO som har ansvar for barna og norskopplæringen i "
            "åpningstiden."
        ),
        "strategies": [
            "Mottaket av barna tilpasses bakgrunnen deres: kommer de fra mottak eller direkte "
            "fra utlandet?",
            "Informasjonsmøter med tolk for å sikre informasjonsflyten",
            "Spesielt tilrettelagt norskundervisning",
            "Kommunikasjon – tolketjeneste",
            "Samarbeid med lag, organisasjoner og kulturskolen",
        ],
        "actions": [
            {
                "text": "Fortsatt samarbeid med Røde Kors om leksehjelp",
                "strategy": 4,
                "start": 2,
                "unit": "Skolen",
            },
            {
                "text": "Fortsatt samarbeid med Røde Kors om flyktningguide",
                "strategy": 4,
                "start": 2,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Fortsatt samarbeid med Røde Kors om «Ungdom og identitet»",
                "strategy": 4,
                "start": 2,
                "unit": "Skolen",
            },
            {
                "text": "Skrive rutinebeskrivelse for mottak av barn i barnehage, skole og SFO, "
                "og for bytteforholdet mellom kommunen og Røde Kors",
                "strategy": 0,
                "start": 3,
                "unit": "Skolen og barnehagen",
            },
        ],
    },
    {
        "title": "Voksenopplæringa",
        "description": (
            "VO trenger samarbeid med flyktningtjenesten og NAV, med språkpraksisplasser og "
            "med helsetjenesten."
        ),
        "strategies": [
            "Tolketjenesten styrkes og samordnes",
            "Kontaktpersoner på VO opprettes på et tidlig tidspunkt",
            "Kompetanseheving for alle som arbeider med flyktninger",
            "Samarbeid med flyktningtjenesten, NAV, språkpraksisplassene og helsetjenesten, "
            "og evaluering av resultatene sammen med NAV",
            "Deltakelse i regionalt nettverkssamarbeid",
        ],
        "actions": [
            {
                "text": "Samordne bestilling og bruk av tolk etter rutinebeskrivelsen",
                "strategy": 0,
                "start": 2,
                "unit": FLYKTNINGTJENESTEN,
                "notes": "Se rutinebeskrivelsen.",
            },
            {
                "text": "Gi hver ny deltaker en kontaktperson på VO fra første uke",
                "strategy": 1,
                "start": 2,
                "unit": VO,
            },
            {
                "text": "Utarbeide en plan for behov og tiltak for kompetansespredning",
                "strategy": 2,
                "start": 3,
                "unit": VO,
            },
            {
                "text": "Registrere deltakerne i NIR (Nasjonalt introduksjonsregister) fortløpende",
                "strategy": None,
                "start": 2,
                "unit": VO,
            },
            {
                "text": "Evaluere resultatene av opplæringen sammen med NAV",
                "strategy": 3,
                "start": 6,
                "due": 12,
                "unit": "VO og NAV",
            },
            {
                "text": "Delta i nettverkssamarbeidet for voksenopplæring i regionen",
                "strategy": 4,
                "start": 2,
                "unit": VO,
            },
        ],
    },
    {
        "title": "Kvalitetssikre norskopplæring og læring på arbeidsplass",
        "description": (
            "Det er på praksisplassen språket blir tatt i bruk, og der møtet med det norske "
            "samfunnet og kravet til kompetanse oppleves størst. Praksisplassen gir "
            "språklæringen og kvalifiseringen for arbeid retning."
        ),
        "strategies": [
            "En god kobling mellom praksisplass og norskopplæring, kvalitetssikret gjennom "
            "deltaker-veiledersamlinger",
            "Relasjonsstrategi overfor arbeidsplassene",
        ],
        "actions": [
            {
                "text": "Utarbeide informasjonsmateriell (brosjyre) for arbeidsplassene",
                "strategy": 1,
                "start": 0,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Muntlig og skriftlig forespørsel til arbeidsplassen med informasjon om "
                "deltakerens yrkes- og språkbakgrunn og framtidsønsker",
                "strategy": 1,
                "start": 3,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Oppstartmøte med deltaker, veileder, arbeidsgiver, norsklærer eller "
                "flyktningkonsulent, og tolk",
                "strategy": 0,
                "start": 3,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Gi arbeidsplassen tilgang til språkveiledning fra norsklærer "
                "(kontaktperson i deltaker-veiledersamlingen)",
                "strategy": 0,
                "start": 3,
                "unit": VO,
            },
            {
                "text": "Grunnopplæring for veiledere; etablere deltaker-veiledersamling og "
                "samarbeid med arbeidsplassen",
                "strategy": 0,
                "start": 0,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Utarbeide veilederhefte for veilederne på arbeidsplassene",
                "strategy": 0,
                "start": 0,
                "unit": FLYKTNINGTJENESTEN,
            },
        ],
    },
    {
        "title": "Praksisplasser",
        "description": "Samarbeid med NAV.",
        "strategies": [
            "En strategi for å skaffe praksisplasser, i samarbeid med NAV",
            "Tydeliggjøre samfunnets krav, og gi opplæring i bedrifts- og samfunnskunnskap",
        ],
        "actions": [
            {
                "text": "Kartlegge deltakerens mål (fagopplæring), bakgrunn, ressurser og "
                "språkkunnskaper før praksis",
                "strategy": 0,
                "start": 3,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Samle erfaringer fra dem som har fått jobb",
                "strategy": 0,
                "start": 3,
                "unit": "Flyktningtjenesten og NAV",
            },
            {
                "text": "Informere arbeidsplassene og arbeide med holdninger",
                "strategy": 0,
                "start": 3,
                "unit": "Flyktningtjenesten og NAV",
            },
            {
                "text": "Mentoropplæring gjennom veiledersamlingen",
                "strategy": 0,
                "start": 3,
                "unit": FLYKTNINGTJENESTEN,
            },
            {
                "text": "Avklare lønn ved praksis og støtte til bedriften",
                "strategy": 0,
                "start": 3,
                "unit": "NAV",
            },
            {
                "text": "Opplæring i bedrifts- og samfunnskunnskap",
                "strategy": 1,
                "start": 3,
                "unit": VO,
            },
        ],
    },
]
