from app.services import registration, workflow
from app.services.context import SYSTEM
from tests.factories import complaint


def test_register_and_accept_on_each_backend(db):
    result = registration.register(SYSTEM, complaint())
    change = workflow.accept(SYSTEM, result.case_id)
    assert change.state == "accepted"
    assert result.number == "消调〔2026〕第1号"
