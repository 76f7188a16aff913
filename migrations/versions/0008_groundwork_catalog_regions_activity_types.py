"""groundwork: catalogue, regions, activity types, account classes and teams

The shared ground the leads and account-management work builds on:

- the product and service catalogue (product groups, products);
- regions (maakunnat) and municipalities (kunnat), seeded with Statistics Finland's codes —
  the table leads are routed by;
- admin-managed activity types with keywords (seeded with a default type per kind and the
  adult-education institute's list), every existing activity given its kind's default type;
  activity participants; the visit's goal and agreed actions;
- account classes (A, B, C, potential) and passivation on accounts; account-team roles
  (seeded) and account-team membership (an access team);
- campaigns (the marketing work extends them);
- privileges on the new entities for the built-in roles, and the new action `approve`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
import uuid6
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _id() -> UUID:
    return UUID(bytes=uuid6.uuid7().bytes)


def _stamped(now: datetime) -> dict[str, object]:
    return {"created_at": now, "updated_at": now, "version": 1}


_TYPES = {
    "id": sa.Uuid(),
    "region_id": sa.Uuid(),
    "created_at": sa.DateTime(timezone=True),
    "updated_at": sa.DateTime(timezone=True),
    "keywords": sa.JSON(),
}


def _cols(*names: str) -> list[sa.ColumnClause[object]]:
    """Columns of a lightweight table for seed rows, typed where binding needs a type."""
    return [sa.column(c, _TYPES.get(c)) for c in names]


# ------------------------------------------------------------------ activity types

# key, kind, is_default, is_visit, fi, en, sv, keywords [(key, fi, en, sv)]
ACTIVITY_TYPES: list[
    tuple[str, str, bool, bool, str, str, str, list[tuple[str, str, str, str]]]
] = [
    ("task", "task", True, False, "Tehtävä", "Task", "Uppgift", []),
    ("call", "phone_call", True, False, "Puhelu", "Call", "Samtal", []),
    ("meeting", "meeting", True, False, "Tapaaminen", "Meeting", "Möte", []),
    ("email", "email", True, False, "Sähköposti", "E-mail", "E-post", []),
    ("memo", "note", True, False, "Muistio", "Memo", "Promemoria", []),
    (
        "customer_feedback",
        "note",
        False,
        False,
        "Asiakaspalaute",
        "Customer feedback",
        "Kundrespons",
        [
            ("positive", "Myönteinen", "Positive", "Positiv"),
            ("negative", "Kielteinen", "Negative", "Negativ"),
        ],
    ),
    ("account_work", "task", False, False, "Asiakkuustyö", "Account work", "Kundarbete", []),
    ("training", "meeting", False, False, "Koulutus", "Training", "Utbildning", []),
    ("visit", "meeting", False, True, "Käynti", "Visit", "Besök", []),
    ("steering_group", "meeting", False, False, "Ohjausryhmä", "Steering group", "Styrgrupp", []),
    ("project_work", "task", False, False, "Projektityö", "Project work", "Projektarbete", []),
    ("seminar", "meeting", False, False, "Seminaari", "Seminar", "Seminarium", []),
    (
        "internal_meeting",
        "meeting",
        False,
        False,
        "Sisäinen palaveri",
        "Internal meeting",
        "Internt möte",
        [],
    ),
    ("planning", "task", False, False, "Suunnittelu", "Planning", "Planering", []),
    ("working_group", "meeting", False, False, "Työryhmä", "Working group", "Arbetsgrupp", []),
    ("lead", "task", False, False, "Liidi", "Lead", "Lead", []),
]


def _seed_activity_types(now: datetime) -> dict[str, UUID]:
    """Insert the types; answer each kind's default type id."""
    table = sa.table(
        "activity_types",
        *_cols(
            "id",
            "key",
            "name",
            "name_en",
            "name_sv",
            "kind",
            "is_default",
            "is_visit",
            "sort_order",
            "is_active",
            "created_at",
            "updated_at",
            "version",
            "keywords",
        ),
    )
    defaults: dict[str, UUID] = {}
    rows = []
    for position, (key, kind, is_default, is_visit, fi, en, sv, keywords) in enumerate(
        ACTIVITY_TYPES
    ):
        type_id = _id()
        if is_default:
            defaults[kind] = type_id
        rows.append(
            {
                "id": type_id,
                "key": key,
                "name": fi,
                "name_en": en,
                "name_sv": sv,
                "kind": kind,
                "is_default": is_default,
                "is_visit": is_visit,
                "sort_order": position * 10,
                "is_active": True,
                "keywords": [
                    {"key": k, "name": kfi, "name_en": ken, "name_sv": ksv}
                    for k, kfi, ken, ksv in keywords
                ],
                **_stamped(now),
            }
        )
    op.bulk_insert(table, rows)
    return defaults


def _backfill_activities(defaults: dict[str, UUID]) -> None:
    activities = sa.table(
        "activities",
        sa.column("type"),
        sa.column("activity_type_id", sa.Uuid),
        sa.column("keywords", sa.JSON),
    )
    bind = op.get_bind()
    for kind, type_id in defaults.items():
        bind.execute(
            sa.update(activities)
            .where(activities.c.type == kind)
            .values(activity_type_id=type_id, keywords=[])
        )


# ------------------------------------------------------------------ account-team roles

TEAM_ROLES = [
    ("sales", "Myynti", "Sales", "Försäljning"),
    ("customer_service", "Asiakaspalvelu", "Customer service", "Kundtjänst"),
    ("training_planner", "Koulutussuunnittelija", "Training planner", "Utbildningsplanerare"),
    ("product_specialist", "Tuoteasiantuntija", "Product specialist", "Produktspecialist"),
    ("executive_sponsor", "Johdon yhteyshenkilö", "Executive sponsor", "Ledningens kontaktperson"),
    ("other", "Muu", "Other", "Annan"),
]


def _seed_team_roles(now: datetime) -> None:
    table = sa.table(
        "account_team_roles",
        *_cols(
            "id",
            "key",
            "name",
            "name_en",
            "name_sv",
            "sort_order",
            "is_active",
            "created_at",
            "updated_at",
            "version",
        ),
    )
    op.bulk_insert(
        table,
        [
            {
                "id": _id(),
                "key": key,
                "name": fi,
                "name_en": en,
                "name_sv": sv,
                "sort_order": i * 10,
                "is_active": True,
                **_stamped(now),
            }
            for i, (key, fi, en, sv) in enumerate(TEAM_ROLES)
        ],
    )


# ------------------------------------------------------------------ regions and municipalities

# Statistics Finland's region (maakunta) codes and names (fi, sv, en).
REGIONS = [
    ("01", "Uusimaa", "Nyland", "Uusimaa"),
    ("02", "Varsinais-Suomi", "Egentliga Finland", "Southwest Finland"),
    ("04", "Satakunta", "Satakunta", "Satakunta"),
    ("05", "Kanta-Häme", "Egentliga Tavastland", "Tavastia Proper"),
    ("06", "Pirkanmaa", "Birkaland", "Pirkanmaa"),
    ("07", "Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme"),
    ("08", "Kymenlaakso", "Kymmenedalen", "Kymenlaakso"),
    ("09", "Etelä-Karjala", "Södra Karelen", "South Karelia"),
    ("10", "Etelä-Savo", "Södra Savolax", "South Savo"),
    ("11", "Pohjois-Savo", "Norra Savolax", "North Savo"),
    ("12", "Pohjois-Karjala", "Norra Karelen", "North Karelia"),
    ("13", "Keski-Suomi", "Mellersta Finland", "Central Finland"),
    ("14", "Etelä-Pohjanmaa", "Södra Österbotten", "South Ostrobothnia"),
    ("15", "Pohjanmaa", "Österbotten", "Ostrobothnia"),
    ("16", "Keski-Pohjanmaa", "Mellersta Österbotten", "Central Ostrobothnia"),
    ("17", "Pohjois-Pohjanmaa", "Norra Österbotten", "North Ostrobothnia"),
    ("18", "Kainuu", "Kajanaland", "Kainuu"),
    ("19", "Lappi", "Lappland", "Lapland"),
    ("21", "Ahvenanmaa", "Åland", "Åland"),
]

# region code | municipality number | Finnish name | Swedish name (where it differs)
MUNICIPALITIES = """
01|018|Askola|
01|049|Espoo|Esbo
01|078|Hanko|Hangö
01|091|Helsinki|Helsingfors
01|092|Vantaa|Vanda
01|106|Hyvinkää|Hyvinge
01|149|Inkoo|Ingå
01|186|Järvenpää|Träskända
01|224|Karkkila|Högfors
01|235|Kauniainen|Grankulla
01|245|Kerava|Kervo
01|257|Kirkkonummi|Kyrkslätt
01|407|Lapinjärvi|Lappträsk
01|434|Loviisa|Lovisa
01|444|Lohja|Lojo
01|504|Myrskylä|Mörskom
01|505|Mäntsälä|
01|543|Nurmijärvi|
01|611|Pornainen|Borgnäs
01|616|Pukkila|
01|638|Porvoo|Borgå
01|710|Raasepori|Raseborg
01|753|Sipoo|Sibbo
01|755|Siuntio|Sjundeå
01|858|Tuusula|Tusby
01|927|Vihti|Vichtis
02|019|Aura|
02|202|Kaarina|S:t Karins
02|284|Koski Tl|
02|304|Kustavi|Gustavs
02|322|Kemiönsaari|Kimitoön
02|400|Laitila|Letala
02|423|Lieto|Lundo
02|430|Loimaa|
02|445|Parainen|Pargas
02|480|Marttila|S:t Mårtens
02|481|Masku|
02|503|Mynämäki|Virmo
02|529|Naantali|Nådendal
02|538|Nousiainen|Nousis
02|561|Oripää|
02|577|Paimio|Pemar
02|631|Pyhäranta|
02|636|Pöytyä|
02|680|Raisio|Reso
02|704|Rusko|
02|734|Salo|
02|738|Sauvo|Sagu
02|761|Somero|
02|833|Taivassalo|Tövsala
02|853|Turku|Åbo
02|895|Uusikaupunki|Nystad
02|918|Vehmaa|Vehmo
04|050|Eura|
04|051|Eurajoki|Euraåminne
04|079|Harjavalta|
04|102|Huittinen|Vittis
04|181|Jämijärvi|
04|214|Kankaanpää|
04|230|Karvia|
04|271|Kokemäki|Kumo
04|484|Merikarvia|Sastmola
04|531|Nakkila|
04|608|Pomarkku|Påmark
04|609|Pori|Björneborg
04|684|Rauma|Raumo
04|747|Siikainen|
04|783|Säkylä|
04|886|Ulvila|Ulvsby
05|061|Forssa|
05|082|Hattula|
05|086|Hausjärvi|
05|103|Humppila|
05|109|Hämeenlinna|Tavastehus
05|165|Janakkala|
05|169|Jokioinen|Jockis
05|433|Loppi|
05|694|Riihimäki|
05|834|Tammela|
05|981|Ypäjä|
06|020|Akaa|
06|108|Hämeenkyrö|Tavastkyro
06|143|Ikaalinen|Ikalis
06|177|Juupajoki|
06|211|Kangasala|
06|250|Kihniö|
06|291|Kuhmoinen|
06|418|Lempäälä|
06|508|Mänttä-Vilppula|
06|536|Nokia|
06|562|Orivesi|
06|581|Parkano|
06|604|Pirkkala|Birkala
06|619|Punkalaidun|
06|635|Pälkäne|
06|702|Ruovesi|
06|790|Sastamala|
06|837|Tampere|Tammerfors
06|887|Urjala|
06|908|Valkeakoski|
06|922|Vesilahti|
06|936|Virrat|Virdois
06|980|Ylöjärvi|
07|016|Asikkala|
07|081|Hartola|Gustav Adolfs
07|098|Hollola|
07|111|Heinola|
07|142|Iitti|
07|316|Kärkölä|
07|398|Lahti|Lahtis
07|560|Orimattila|
07|576|Padasjoki|
07|781|Sysmä|
08|075|Hamina|Fredrikshamn
08|285|Kotka|
08|286|Kouvola|
08|489|Miehikkälä|
08|624|Pyhtää|Pyttis
08|935|Virolahti|Vederlax
09|153|Imatra|
09|405|Lappeenranta|Villmanstrand
09|416|Lemi|
09|441|Luumäki|
09|580|Parikkala|
09|689|Rautjärvi|
09|700|Ruokolahti|
09|739|Savitaipale|
09|831|Taipalsaari|
10|046|Enonkoski|
10|097|Hirvensalmi|
10|178|Juva|
10|213|Kangasniemi|
10|491|Mikkeli|S:t Michel
10|507|Mäntyharju|
10|588|Pertunmaa|
10|593|Pieksämäki|
10|623|Puumala|
10|681|Rantasalmi|
10|740|Savonlinna|Nyslott
10|768|Sulkava|
11|140|Iisalmi|Idensalmi
11|171|Joroinen|Jorois
11|204|Kaavi|
11|239|Keitele|
11|263|Kiuruvesi|
11|297|Kuopio|
11|402|Lapinlahti|
11|420|Leppävirta|
11|595|Pielavesi|
11|686|Rautalampi|
11|687|Rautavaara|
11|749|Siilinjärvi|
11|762|Sonkajärvi|
11|778|Suonenjoki|
11|844|Tervo|
11|857|Tuusniemi|
11|915|Varkaus|
11|921|Vesanto|
11|925|Vieremä|
12|090|Heinävesi|
12|146|Ilomantsi|Ilomants
12|167|Joensuu|
12|176|Juuka|
12|260|Kitee|
12|276|Kontiolahti|
12|309|Outokumpu|
12|422|Lieksa|
12|426|Liperi|
12|541|Nurmes|
12|607|Polvijärvi|
12|707|Rääkkylä|
12|848|Tohmajärvi|
13|077|Hankasalmi|
13|172|Joutsa|
13|179|Jyväskylä|
13|182|Jämsä|
13|216|Kannonkoski|
13|226|Karstula|
13|249|Keuruu|
13|256|Kinnula|
13|265|Kivijärvi|
13|275|Konnevesi|
13|312|Kyyjärvi|
13|410|Laukaa|
13|435|Luhanka|
13|495|Multia|
13|500|Muurame|
13|592|Petäjävesi|
13|601|Pihtipudas|
13|729|Saarijärvi|
13|850|Toivakka|
13|892|Uurainen|
13|931|Viitasaari|
13|992|Äänekoski|
14|005|Alajärvi|
14|010|Alavus|Alavo
14|052|Evijärvi|
14|145|Ilmajoki|Ilmola
14|151|Isojoki|Storå
14|218|Karijoki|Bötom
14|232|Kauhajoki|
14|233|Kauhava|
14|300|Kuortane|
14|301|Kurikka|
14|403|Lappajärvi|
14|408|Lapua|Lappo
14|743|Seinäjoki|
14|759|Soini|
14|846|Teuva|Östermark
14|934|Vimpeli|Vindala
14|989|Ähtäri|Etseri
15|152|Isokyrö|Storkyro
15|231|Kaskinen|Kaskö
15|280|Korsnäs|
15|287|Kristiinankaupunki|Kristinestad
15|288|Kruunupyy|Kronoby
15|399|Laihia|Laihela
15|440|Luoto|Larsmo
15|475|Maalahti|Malax
15|499|Mustasaari|Korsholm
15|545|Närpiö|Närpes
15|598|Pietarsaari|Jakobstad
15|599|Pedersören kunta|Pedersöre
15|893|Uusikaarlepyy|Nykarleby
15|905|Vaasa|Vasa
15|946|Vöyri|Vörå
16|074|Halsua|
16|217|Kannus|
16|236|Kaustinen|Kaustby
16|272|Kokkola|Karleby
16|421|Lestijärvi|
16|584|Perho|
16|849|Toholampi|
16|924|Veteli|Vetil
17|009|Alavieska|
17|069|Haapajärvi|
17|071|Haapavesi|
17|072|Hailuoto|Karlö
17|139|Ii|
17|208|Kalajoki|
17|244|Kempele|
17|305|Kuusamo|
17|317|Kärsämäki|
17|425|Liminka|Limingo
17|436|Lumijoki|
17|483|Merijärvi|
17|494|Muhos|
17|535|Nivala|
17|563|Oulainen|
17|564|Oulu|Uleåborg
17|615|Pudasjärvi|
17|625|Pyhäjoki|
17|626|Pyhäjärvi|
17|630|Pyhäntä|
17|678|Raahe|Brahestad
17|691|Reisjärvi|
17|746|Sievi|
17|748|Siikajoki|
17|785|Vaala|
17|791|Siikalatva|
17|832|Taivalkoski|
17|859|Tyrnävä|
17|889|Utajärvi|
17|977|Ylivieska|
18|105|Hyrynsalmi|
18|205|Kajaani|Kajana
18|290|Kuhmo|
18|578|Paltamo|
18|620|Puolanka|
18|697|Ristijärvi|
18|765|Sotkamo|
18|777|Suomussalmi|
19|047|Enontekiö|Enontekis
19|148|Inari|Enare
19|240|Kemi|
19|241|Keminmaa|
19|261|Kittilä|
19|273|Kolari|
19|320|Kemijärvi|
19|498|Muonio|
19|583|Pelkosenniemi|
19|614|Posio|
19|683|Ranua|
19|698|Rovaniemi|
19|732|Salla|
19|742|Savukoski|
19|751|Simo|
19|758|Sodankylä|
19|845|Tervola|
19|851|Tornio|Torneå
19|854|Pello|
19|890|Utsjoki|Utsjok
19|976|Ylitornio|Övertorneå
21|035|Brändö|
21|043|Eckerö|
21|060|Finström|
21|062|Föglö|
21|065|Geta|
21|076|Hammarland|
21|170|Jomala|
21|295|Kumlinge|
21|318|Kökar|
21|417|Lemland|
21|438|Lumparland|
21|478|Maarianhamina|Mariehamn
21|736|Saltvik|
21|766|Sottunga|
21|771|Sund|
21|941|Vårdö|
"""


def _seed_regions(now: datetime) -> None:
    regions = sa.table(
        "regions",
        *_cols(
            "id",
            "code",
            "name",
            "name_sv",
            "name_en",
            "sort_order",
            "is_active",
            "created_at",
            "updated_at",
            "version",
        ),
    )
    municipalities = sa.table(
        "municipalities",
        *_cols(
            "id",
            "code",
            "name",
            "name_sv",
            "search_name",
            "search_name_sv",
            "region_id",
            "is_active",
            "created_at",
            "updated_at",
            "version",
        ),
    )
    region_ids = {code: _id() for code, *_ in REGIONS}
    op.bulk_insert(
        regions,
        [
            {
                "id": region_ids[code],
                "code": code,
                "name": fi,
                "name_sv": sv,
                "name_en": en,
                "sort_order": i * 10,
                "is_active": True,
                **_stamped(now),
            }
            for i, (code, fi, sv, en) in enumerate(REGIONS)
        ],
    )
    rows = []
    for line in MUNICIPALITIES.strip().splitlines():
        region, code, fi, sv = line.split("|")
        rows.append(
            {
                "id": _id(),
                "code": code,
                "name": fi,
                "name_sv": sv or None,
                "search_name": fi.casefold(),
                "search_name_sv": sv.casefold() if sv else None,
                "region_id": region_ids[region],
                "is_active": True,
                **_stamped(now),
            }
        )
    op.bulk_insert(municipalities, rows)


# ------------------------------------------------------------------ privileges


def _each(entities: tuple[str, ...], action: str, depth: str) -> list[tuple[str, str, str]]:
    return [(entity, action, depth) for entity in entities]


# The built-in roles as domain/identity/defaults.py defines them at this revision. Each
# existing role of that name gains what it lacks; nothing it has is changed or taken away.
DEFAULT_ROLES_AT_0008: dict[str, list[tuple[str, str, str]]] = {
    "admin": [
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "approve",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "assign",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "create",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "delete",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "export",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "read",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "api_key",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "sales_target",
                "saved_view",
                "segment",
                "service_request",
                "subject",
                "team",
                "user",
            ),
            "update",
            "organisation",
        ),
    ],
    "manager": [
        *_each(("team",), "read", "business_unit"),
        *_each(("care_plan",), "approve", "organisation"),
        *_each(("care_plan",), "create", "organisation"),
        *_each(
            (
                "account_team_role",
                "activity_type",
                "business_unit",
                "care_plan",
                "classification",
                "lead_setup",
                "offer_type",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "subject",
                "user",
            ),
            "read",
            "organisation",
        ),
        *_each(("care_plan",), "update", "organisation"),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "approve",
            "unit_and_children",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "assign",
            "unit_and_children",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "create",
            "unit_and_children",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "delete",
            "unit_and_children",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "export",
            "unit_and_children",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "read",
            "unit_and_children",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "sales_target",
                "segment",
                "service_request",
            ),
            "update",
            "unit_and_children",
        ),
    ],
    "sales": [
        *_each(
            (
                "account",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
                "team",
            ),
            "read",
            "business_unit",
        ),
        *_each(
            (
                "account_team_role",
                "activity_type",
                "business_unit",
                "care_plan",
                "classification",
                "lead_setup",
                "offer_type",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "subject",
                "user",
            ),
            "read",
            "organisation",
        ),
        *_each(
            (
                "account",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
            ),
            "assign",
            "own",
        ),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
            ),
            "create",
            "own",
        ),
        *_each(("account_class_change", "account_creation_request", "sales_target"), "read", "own"),
        *_each(
            (
                "account",
                "account_class_change",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
            ),
            "update",
            "own",
        ),
    ],
    "service": [
        *_each(("activity", "service_request"), "assign", "business_unit"),
        *_each(("account", "activity", "contact", "service_request"), "create", "business_unit"),
        *_each(("team",), "read", "business_unit"),
        *_each(
            ("account", "activity", "contact", "lead", "sales_project", "service_request"),
            "update",
            "business_unit",
        ),
        *_each(("account_creation_request", "lead"), "assign", "organisation"),
        *_each(("lead",), "create", "organisation"),
        *_each(
            (
                "account",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "business_unit",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "offer_type",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "service_request",
                "subject",
                "user",
            ),
            "read",
            "organisation",
        ),
        *_each(("account_creation_request",), "update", "organisation"),
    ],
    "read-only": [
        *_each(
            (
                "account",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
                "team",
            ),
            "read",
            "business_unit",
        ),
        *_each(
            (
                "account_team_role",
                "activity_type",
                "business_unit",
                "care_plan",
                "classification",
                "lead_setup",
                "offer_type",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "subject",
                "user",
            ),
            "read",
            "organisation",
        ),
    ],
    "integration": [
        *_each(("team",), "read", "business_unit"),
        *_each(
            (
                "account",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
            ),
            "create",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
            ),
            "export",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_creation_request",
                "account_team_role",
                "activity",
                "activity_type",
                "business_unit",
                "campaign",
                "care_plan",
                "classification",
                "contact",
                "lead",
                "lead_setup",
                "marketing_list",
                "offer",
                "offer_type",
                "order",
                "product",
                "project_type",
                "queue",
                "region",
                "role",
                "sales_project",
                "segment",
                "service_request",
                "subject",
                "user",
            ),
            "read",
            "organisation",
        ),
        *_each(
            (
                "account",
                "account_creation_request",
                "activity",
                "campaign",
                "contact",
                "lead",
                "marketing_list",
                "offer",
                "order",
                "sales_project",
                "segment",
                "service_request",
            ),
            "update",
            "organisation",
        ),
    ],
}


def _grant_roles() -> None:
    roles = sa.table(
        "roles",
        sa.column("id", sa.Uuid),
        sa.column("name", sa.String),
        sa.column("privileges", sa.JSON),
    )
    bind = op.get_bind()
    for role_id, name, privileges in bind.execute(
        sa.select(roles.c.id, roles.c.name, roles.c.privileges)
    ):
        wanted = DEFAULT_ROLES_AT_0008.get(name)
        if wanted is None:
            continue
        granted = {(p["entity"], p["action"]) for p in privileges}
        added = [
            {"entity": entity, "action": action, "depth": depth}
            for entity, action, depth in wanted
            if (entity, action) not in granted
        ]
        if added:
            bind.execute(
                sa.update(roles).where(roles.c.id == role_id).values(privileges=privileges + added)
            )


def upgrade() -> None:
    op.create_table(
        "account_team_roles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=True),
        sa.Column("name_sv", sa.String(length=100), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_team_roles")),
        sa.UniqueConstraint("key", name=op.f("uq_account_team_roles_key")),
    )
    op.create_table(
        "activity_types",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=True),
        sa.Column("name_sv", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("is_visit", sa.Boolean(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_types")),
        sa.UniqueConstraint("key", name=op.f("uq_activity_types_key")),
    )
    op.create_table(
        "product_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("name_sv", sa.String(length=200), nullable=True),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["product_groups.id"],
            name=op.f("fk_product_groups_parent_id_product_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_groups")),
    )
    with op.batch_alter_table("product_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_groups_parent_id"), ["parent_id"], unique=False
        )
        batch_op.create_index("ix_product_groups_sort_name_id", ["sort_name", "id"], unique=False)

    op.create_table(
        "regions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_sv", sa.String(length=100), nullable=True),
        sa.Column("name_en", sa.String(length=100), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
        sa.UniqueConstraint("name", name=op.f("uq_regions_name")),
    )
    op.create_table(
        "municipalities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_sv", sa.String(length=100), nullable=True),
        sa.Column("search_name", sa.String(length=100), nullable=False),
        sa.Column("search_name_sv", sa.String(length=100), nullable=True),
        sa.Column("region_id", sa.Uuid(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_municipalities_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("code", name=op.f("uq_municipalities_code")),
        sa.UniqueConstraint("name", name=op.f("uq_municipalities_name")),
    )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.create_index("ix_municipalities_name_id", ["name", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_municipalities_region_id"), ["region_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_municipalities_search_name"), ["search_name"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_municipalities_search_name_sv"), ["search_name_sv"], unique=False
        )

    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("name_sv", sa.String(length=200), nullable=True),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("product_group_id", sa.Uuid(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("business_unit_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_products_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["product_group_id"],
            ["product_groups.id"],
            name=op.f("fk_products_product_group_id_product_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_products_business_unit_id"), ["business_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_products_product_group_id"), ["product_group_id"], unique=False
        )
        batch_op.create_index("ix_products_sort_name_id", ["sort_name", "id"], unique=False)
        batch_op.create_index("ix_products_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "campaigns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_campaigns_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_campaigns_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaigns_business_unit_id"), ["business_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_campaigns_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_campaigns_sort_name_id", ["sort_name", "id"], unique=False)

    op.create_table(
        "account_team_members",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=True),
        sa.Column("access", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_team_members_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_account_team_members_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["account_team_roles.id"],
            name=op.f("fk_account_team_members_role_id_account_team_roles"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_team_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "user_id", name=op.f("pk_account_team_members")),
    )
    with op.batch_alter_table("account_team_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_team_members_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "activity_participants",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_participants_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_activity_participants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "user_id", name=op.f("pk_activity_participants")),
    )
    with op.batch_alter_table("activity_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_participants_user_id"), ["user_id"], unique=False
        )

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_class", sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column("account_class_since", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("passive_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("passive_reason", sa.String(length=500), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_accounts_account_class"), ["account_class"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_accounts_passive_since"), ["passive_since"], unique=False
        )

    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("activity_type_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("keywords", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("goal", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("agreed_actions", sa.Text(), nullable=True))

    now = datetime.now(UTC)
    defaults = _seed_activity_types(now)
    _backfill_activities(defaults)
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.alter_column("activity_type_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.alter_column("keywords", existing_type=sa.JSON(), nullable=False)
        batch_op.create_index(
            batch_op.f("ix_activities_activity_type_id"), ["activity_type_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_activities_activity_type_id_activity_types"),
            "activity_types",
            ["activity_type_id"],
            ["id"],
        )

    _seed_team_roles(now)
    _seed_regions(now)
    _grant_roles()


def downgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_activities_activity_type_id_activity_types"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_activities_activity_type_id"))
        batch_op.drop_column("agreed_actions")
        batch_op.drop_column("goal")
        batch_op.drop_column("keywords")
        batch_op.drop_column("activity_type_id")

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_passive_since"))
        batch_op.drop_index(batch_op.f("ix_accounts_account_class"))
        batch_op.drop_column("passive_reason")
        batch_op.drop_column("passive_since")
        batch_op.drop_column("account_class_since")
        batch_op.drop_column("account_class")

    with op.batch_alter_table("activity_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_participants_user_id"))

    op.drop_table("activity_participants")
    with op.batch_alter_table("account_team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_team_members_user_id"))

    op.drop_table("account_team_members")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index("ix_campaigns_sort_name_id")
        batch_op.drop_index(batch_op.f("ix_campaigns_owner_id"))
        batch_op.drop_index(batch_op.f("ix_campaigns_business_unit_id"))

    op.drop_table("campaigns")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("ix_products_updated_at_id")
        batch_op.drop_index("ix_products_sort_name_id")
        batch_op.drop_index(batch_op.f("ix_products_product_group_id"))
        batch_op.drop_index(batch_op.f("ix_products_business_unit_id"))

    op.drop_table("products")
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipalities_search_name_sv"))
        batch_op.drop_index(batch_op.f("ix_municipalities_search_name"))
        batch_op.drop_index(batch_op.f("ix_municipalities_region_id"))
        batch_op.drop_index("ix_municipalities_name_id")

    op.drop_table("municipalities")
    op.drop_table("regions")
    with op.batch_alter_table("product_groups", schema=None) as batch_op:
        batch_op.drop_index("ix_product_groups_sort_name_id")
        batch_op.drop_index(batch_op.f("ix_product_groups_parent_id"))

    op.drop_table("product_groups")
    op.drop_table("activity_types")
    op.drop_table("account_team_roles")
