"""What happens to an admitted client: the stay and its moves, a transfer, the scenario agreed
in a case meeting, the trajectory with its actions, and the outflow that closes it all."""

from __future__ import annotations

from datetime import date, timedelta

from lvv.cases import models as cm
from lvv.demo.population import REASON_WEIGHTS, SCENARIO_WEIGHTS

from .constants import CITIES, END, MEAN_STAY_DAYS
from .network import NetworkGenerator

S = cm.ClientStatus


class TrajectoryGenerator(NetworkGenerator):
    """The life of an admitted client, by the services' rules: stays touch and never overlap,
    each at least a night inside its location's open period; the outflow ends the last stay
    and the trajectory and cancels what is still open."""

    def admitted(self, client_id, subject, code, partner, worker, decided, move_to, audit_update):
        """Stay, steps, moves, transfer, trajectory and outflow of an admitted client.

        Returns the day the client left (END when still in). Sets `final_city`.
        """
        rng = self.rng
        org = self.organisations
        move_to(S.DOSSIER_REQUESTED, decided)
        early = rng.random() < 0.08
        stay = rng.randint(5, 60) if early else 40 + int(rng.expovariate(1 / MEAN_STAY_DAYS))
        left = decided + timedelta(days=stay)
        limit = min(left, END)
        steps: list[tuple[str, date, int | None]] = []
        rest = decided + timedelta(days=rng.randint(7, 30))
        steps.append((S.REST_PERIOD, rest, None))
        agreed = self.meeting_on_or_after(code, rest + timedelta(days=10))
        if agreed is not None:
            steps.append((S.SCENARIO_AGREED, agreed[0], agreed[1]))
            steps.append((S.IN_TRAJECTORY, agreed[0] + timedelta(days=rng.randint(3, 21)), None))
        trajectory_day = None
        discussed: set[int] = set()
        for to_status, day, meeting in steps:
            if day >= limit:
                break
            move_to(to_status, day)
            if to_status == S.SCENARIO_AGREED:
                kind = rng.choices(list(SCENARIO_WEIGHTS), list(SCENARIO_WEIGHTS.values()))[0]
                self.row(
                    cm.GuidanceScenario,
                    day,
                    audit=worker,
                    subject=subject,
                    client_id=client_id,
                    kind=kind,
                    agreed_on=day,
                    meeting_id=meeting,
                    fields=["kind", "agreed_on", "meeting"],
                )
                self.discussion(day, meeting, client_id, subject, worker, discussed)
            if to_status == S.IN_TRAJECTORY:
                trajectory_day = day

        # Placements: a first stay, perhaps a move within the city or a transfer to another.
        segments: list[list] = []  # [code, location, start, end, end reason]
        first = self.open_locations(code, decided)
        if first:
            segments.append([code, rng.choice(first), decided, None, ""])
        final_code, final_partner = code, partner
        if segments and trajectory_day is not None and rng.random() < 0.04:
            day = trajectory_day + timedelta(days=rng.randint(1, 60))
            to_code, _share, partners = rng.choice([c for c in CITIES if c[0] != code])
            targets = self.open_locations(to_code, day)
            if day < limit and targets:
                to_partner = rng.choice(partners)
                self.row(
                    cm.Transfer,
                    day,
                    audit=worker,
                    subject=subject,
                    client_id=client_id,
                    from_municipality_id=self.municipalities[code]["id"],
                    to_municipality_id=self.municipalities[to_code]["id"],
                    from_partner_id=org[partner]["id"],
                    to_partner_id=org[to_partner]["id"],
                    transferred_on=day,
                    reason="Dichter bij familie.",
                )
                segments[-1][3:] = [day, cm.PlacementEndReason.TRANSFERRED]
                segments.append([to_code, rng.choice(targets), day, None, ""])
                final_code, final_partner = to_code, to_partner
        elif segments and rng.random() < 0.2:
            room = (limit - decided).days
            day = decided + timedelta(days=rng.randint(1, max(1, room - 1)))
            others = [loc for loc in self.open_locations(code, day) if loc is not segments[0][1]]
            if day < limit and others:
                segments[-1][3:] = [day, cm.PlacementEndReason.MOVED]
                segments.append([code, rng.choice(others), day, None, ""])
        self.final_city = (final_code, final_partner)
        outflow = left < END
        if outflow and segments:
            segments[-1][3:] = [left, cm.PlacementEndReason.OUTFLOW]
        for _code, location, start, end, reason in segments:
            placement = self.row(
                cm.Placement,
                start,
                audit=worker,
                subject=subject,
                client_id=client_id,
                location_id=location["id"],
                start=start,
                end=end,
                end_reason=reason,
                fields=["location", "start"],
            )
            if end is not None:
                audit_update(end, cm.Placement, placement["uuid"], ["end", "end_reason"])

        actions: list[dict] = []
        if trajectory_day is not None:
            trajectory = self.row(
                cm.Trajectory,
                trajectory_day,
                audit=worker,
                subject=subject,
                client_id=client_id,
                start=trajectory_day,
                end=left if outflow else None,
                fields=["client", "start"],
            )
            if outflow:
                audit_update(left, cm.Trajectory, trajectory["uuid"], ["end"])
            actions = self.trajectory_details(
                client_id, subject, worker, partner, trajectory_day, limit, discussed
            )
        if outflow:
            for action in actions:
                if action["status"] == cm.ActionStatus.OPEN:
                    audit_update(left, cm.Action, action["uuid"], ["status"])
            group = REASON_WEIGHTS if not early else {"left_unknown": 4, "detention": 1}
            reason = rng.choices(list(group), list(group.values()))[0]
            move_to(S.OUTFLOW, left)
            self.row(
                cm.Outflow,
                left,
                audit=worker,
                subject=subject,
                client_id=client_id,
                municipality_id=self.municipalities[final_code]["id"],
                left_on=left,
                reason_id=self.reasons[reason],
                fields=["left_on", "reason", "municipality"],
            )
            return left
        return END

    def discussion(self, day, meeting, client_id, subject, worker, discussed) -> None:
        if meeting is None or meeting in discussed:
            return
        discussed.add(meeting)
        discussion = self.row(
            cm.CaseDiscussion,
            day,
            audit=worker,
            subject=subject,
            meeting_id=meeting,
            client_id=client_id,
            summary="Voortgang besproken.",
        )
        if self.rng.random() < 0.5:
            self.row(
                cm.MeetingDecision,
                day,
                audit=worker,
                subject=subject,
                discussion_id=discussion["id"],
                text="Vervolgafspraak met DT&V plannen.",
            )

    def trajectory_details(self, client_id, subject, worker, partner, started, limit, discussed):
        """Actions, procedures, escalations and later case discussions while in trajectory."""
        rng = self.rng
        owners = [self.organisations["DT&V"]["id"], self.organisations[partner]["id"]]
        actions = []
        for _n in range(rng.randint(0, 3)):
            due = started + timedelta(days=rng.randint(7, 120))
            done = max(started, due - timedelta(days=rng.randint(0, 6)))
            completed = done < limit and rng.random() < 0.7
            status = cm.ActionStatus.DONE if completed else cm.ActionStatus.OPEN
            if not completed and limit < END:
                status = cm.ActionStatus.CANCELLED  # the outflow cancels what is still open
            action = self.row(
                cm.Action,
                started,
                audit=worker,
                subject=subject,
                client_id=client_id,
                description="Reisdocumenten aanvragen",
                owner_id=rng.choice(owners),
                due_on=due,
                status=status,
                completed_on=done if completed else None,
                fields=["description", "owner", "due_on"],
            )
            action["status"] = cm.ActionStatus.OPEN if not completed else status
            actions.append(action)
        if rng.random() < 0.3:
            day = started + timedelta(days=rng.randint(1, 30))
            if day < limit:
                kind = rng.choice(
                    [
                        cm.ProcedureKind.REPEAT_ASYLUM,
                        cm.ProcedureKind.MEDICAL_POSTPONEMENT,
                        cm.ProcedureKind.TRAVEL_DOCUMENTS,
                    ]
                )
                self.row(
                    cm.Procedure,
                    day,
                    audit=worker,
                    subject=subject,
                    client_id=client_id,
                    kind=kind,
                    started_on=day,
                    fields=["kind", "started_on"],
                )
        if rng.random() < 0.05 and started + timedelta(days=60) < limit:
            day = started + timedelta(days=60)
            self.row(
                cm.Escalation,
                day,
                audit=worker,
                subject=subject,
                client_id=client_id,
                level=cm.EscalationLevel.STEERING_GROUP,
                raised_on=day,
                reason="Geen voortgang na drie LSO's.",
            )
        code = self.final_city[0] if hasattr(self, "final_city") else None
        for quarter in range(1, 4):
            day = started + timedelta(days=91 * quarter)
            if day >= limit or code is None:
                break
            found = self.meeting_on_or_after(code, day)
            if found is not None and found[0] < limit:
                self.discussion(found[0], found[1], client_id, subject, worker, discussed)
        return actions
