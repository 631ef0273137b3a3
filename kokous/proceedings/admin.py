"""What happened at meetings, in the admin: read only. It is written in the workspace, through
the voting rule, and once the minutes are locked it never changes."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kokous.core.admin import ReadOnlyAdminMixin
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    pass


class BallotInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Ballot
    fields = ["person", "seat_holder", "choice"]
    readonly_fields = fields
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "agenda_item", "kind", "state", "seconder"]
    list_filter = ["kind", "state"]
    search_fields = ["text", "agenda_item__title"]
    list_select_related = ["agenda_item", "proposer", "seconder"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "agenda_item", "yes_count", "no_count", "blank_count", "yes_won"]
    search_fields = ["agenda_item__title"]
    list_select_related = ["agenda_item", "yes", "no"]
    inlines = [BallotInline]


@admin.register(Dissent)
class DissentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "agenda_item"]
    search_fields = ["person__last_name", "agenda_item__title", "reason"]
    list_select_related = ["person", "agenda_item"]
