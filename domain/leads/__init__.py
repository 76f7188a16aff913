"""Leads: capture, routing by region and product, the working-day SLA, conversion into an
account, a contact and a sales project, and account-creation requests.

A process context: its use cases call the public use cases of accounts, sales, activities
and notifications inside one transaction (`domain.shared.transactions.deferred_commit`). No
other context imports it.
"""

from domain.leads import account_requests, setup
from domain.leads.account_requests import RequestInput, account_arrived
from domain.leads.capture import (
    LeadInput,
    LeadPolicy,
    WebLeadInput,
    active_form,
    create_lead,
    submit_web_form,
)
from domain.leads.common import can_read, get_lead
from domain.leads.conversion import Conversion, ConversionInput, convert
from domain.leads.forms import (
    LEAD_FORM,
    LEAD_SETTINGS,
    TOKEN_PATTERN,
    LeadForm,
    LeadSettings,
    is_token,
)
from domain.leads.model import (
    LEAD,
    LEAD_SETUP,
    FirstAction,
    Lead,
    LeadSource,
    LeadStatus,
    Priority,
    SlaState,
    allowed_statuses,
    sla_state,
)
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork, Person, PlaceRef, ProductRef
from domain.leads.report import GROUPINGS, Figures, ReportLead, figures, grouped
from domain.leads.requests import (
    ACCOUNT_CREATION_REQUEST,
    BILLING_SYSTEM,
    PASSIVE_STATES,
    AccountCreationRequest,
    CustomerType,
    RequestState,
    allowed_next,
)
from domain.leads.routing import (
    ROUTING_RULE,
    Decision,
    Outcome,
    RoutingFacts,
    RoutingRule,
    TargetKind,
    Targets,
    next_in_turn,
    route,
)
from domain.leads.setup import (
    FormInput,
    PolicyInput,
    RoutingAnswer,
    RoutingQuestion,
    RuleInput,
)
from domain.leads.sla import SLA_POLICY, SlaDefaults, SlaPolicy, SlaTerms, choose_terms, sla_times
from domain.leads.watch import WatchResult, watch_sla
from domain.leads.work import (
    acknowledge,
    activity_recorded,
    assign,
    change_status,
    pick,
    route_again,
    update_lead,
)

__all__ = [
    "ACCOUNT_CREATION_REQUEST",
    "BILLING_SYSTEM",
    "GROUPINGS",
    "LEAD",
    "LEAD_FORM",
    "LEAD_SETTINGS",
    "LEAD_SETUP",
    "PASSIVE_STATES",
    "ROUTING_RULE",
    "SLA_POLICY",
    "TOKEN_PATTERN",
    "AccountCreationRequest",
    "Conversion",
    "ConversionInput",
    "CustomerType",
    "Decision",
    "Figures",
    "FirstAction",
    "FormInput",
    "Lead",
    "LeadForm",
    "LeadInput",
    "LeadPolicy",
    "LeadSettings",
    "LeadSource",
    "LeadStatus",
    "LeadsRuntime",
    "LeadsUnitOfWork",
    "Outcome",
    "Person",
    "PlaceRef",
    "PolicyInput",
    "Priority",
    "ProductRef",
    "ReportLead",
    "RequestInput",
    "RequestState",
    "RoutingAnswer",
    "RoutingFacts",
    "RoutingQuestion",
    "RoutingRule",
    "RuleInput",
    "SlaDefaults",
    "SlaPolicy",
    "SlaState",
    "SlaTerms",
    "TargetKind",
    "Targets",
    "WatchResult",
    "WebLeadInput",
    "account_arrived",
    "account_requests",
    "acknowledge",
    "active_form",
    "activity_recorded",
    "allowed_next",
    "allowed_statuses",
    "assign",
    "can_read",
    "change_status",
    "choose_terms",
    "convert",
    "create_lead",
    "figures",
    "get_lead",
    "grouped",
    "is_token",
    "next_in_turn",
    "pick",
    "route",
    "route_again",
    "setup",
    "sla_state",
    "sla_times",
    "submit_web_form",
    "update_lead",
    "watch_sla",
]
