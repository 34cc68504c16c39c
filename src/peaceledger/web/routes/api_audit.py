"""`/api/v1/facts/{id}/history` (the audit log of a fact) and `/revert` (admins; issue 7)."""

from __future__ import annotations

from fastapi import APIRouter

from ...ledger import serialize
from ...ledger.audit import audit_dict, fact_audit, revert_fact
from ..auth import AdminDep
from ..deps import NamesDep, TrustedStoreDep
from ..json_response import JSONResponse
from ..schemas import ERRORS, WRITE_ERRORS, DecisionOut, FactAuditOut, RevertIn

router = APIRouter(tags=["audit"], responses=ERRORS)


@router.get("/facts/{fact_id}/history", response_model=FactAuditOut)
def history(store: TrustedStoreDep, fact_id: str) -> JSONResponse:
    """Every change of the fact, oldest first: who, when, what, and the fields before and
    after."""
    entries = fact_audit(store, fact_id)
    return JSONResponse({"fact_id": fact_id, "entries": [audit_dict(e) for e in entries]})


@router.post("/facts/{fact_id}/revert", response_model=DecisionOut, responses=WRITE_ERRORS)
def revert(
    store: TrustedStoreDep, names: NamesDep, admin: AdminDep, fact_id: str, body: RevertIn
) -> JSONResponse:
    """Admins: a new version with the content of `to_version`, recorded as a revert."""
    after = revert_fact(
        store,
        fact_id,
        body.to_version,
        by=admin.recorded_as,
        note=body.note,
        expected_version=body.expected_version,
    )
    return JSONResponse(
        {
            "fact_id": after.fact_id,
            "status": after.status.value,
            "version": after.version,
            "change_note": after.change_note,
            "fact": serialize.fact_dict(after, names),
        }
    )
