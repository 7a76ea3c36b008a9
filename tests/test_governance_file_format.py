import json

from ambassade_opt.governance import govern
from ambassade_opt.governance.file_format import GovernanceFile
from ambassade_opt.model import Instance
from ambassade_opt.schema import json_schema


def test_govern_output_reads_back_as_the_documented_file(tiny: Instance) -> None:
    text = govern(tiny, None, seed=3).to_json()
    record = GovernanceFile.model_validate_json(text)
    assert json.loads(record.model_dump_json(exclude_none=True)) == json.loads(text)
    assert {m.method for m in record.meetings} == {"competence", "sortition"}


def test_governance_schema_is_registered() -> None:
    schema = json_schema("governance")
    assert set(schema["required"]) == {"support_group", "meetings"}
