"""Schema 10 (issue 12, item 5): agents get an ID type — their existing rows 居民身份证 — and the
former catch-all 港澳台居民证件 becomes the type its number has the shape of, else 其他证件."""
from playhouse.migrate import SchemaMigrator, migrate

from app.db.migrations import MIGRATIONS
from app.db.models import CaseAgent, Complainant
from app.services import registration
from app.services.context import SYSTEM
from app.services.inputs import AgentInput
from tests.factories import complaint
from tests.identity_cases import HK_PERMIT_RESIDENT


def test_schema_7_gives_agents_a_type_and_maps_the_former_catch_all(sqlite_db):
    db = sqlite_db.db
    reg = registration.register(SYSTEM, complaint(agents=[AgentInput(name="李代理", id_number="11010519491231002X",
                                                                     authorization="代为调解")]))
    formers = {"H12345678": "hk_mo_permit", "12345678": "tw_permit", HK_PERMIT_RESIDENT: "residence_permit",
               "A1234567(8)": "other"}       # a Hong Kong identity card number: no type of ours, kept as given
    for i, number in enumerate(formers):
        Complainant.create(name=f"旧{i}", phone=f"1390000000{i}", address="某地", id_type="hk_mo_tw",
                           id_number=number)
    # take the table back to what the schema before had, then run this step (found by its name, so
    # that a renumbering when another branch lands first changes nothing here)
    migrate(SchemaMigrator.from_database(db).drop_column("case_agent", "id_type"))
    step = next(up for up in MIGRATIONS.values() if up.__module__.endswith("_identity_types"))
    with db.atomic():
        step(SchemaMigrator.from_database(db))
    assert CaseAgent.get(CaseAgent.case == reg.case_id).id_type == "resident"
    stored = {c.id_number: c.id_type for c in Complainant.select().where(Complainant.name.startswith("旧"))}
    assert stored == formers
    assert Complainant.get(Complainant.name == "张三").id_type == "resident"
