"""`reviewer session ...`: every change the review UI can make, from the command line, through
the same `ReviewSession` calls."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import IO

from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.cli.options import add_session_options, open_session
from reviewer.core.errors import ReviewerError
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.text import json_visible, visible
from reviewer.formats import load_corpus
from reviewer.review import team
from reviewer.review.events import EventKind, corrections_csv
from reviewer.review.locations import locate_session
from reviewer.review.session import ReviewSession
from reviewer.review.store import corpus_fingerprint
from reviewer.review.storebase import is_server, server_label, store_spec
from reviewer.review.view import STATES, Filter, ReviewView


def _line(text: str) -> str:
    """Untrusted text (an id, a rule, a message, a target) for one line of output: no control
    character, no line break (a target's line breaks show as ⟨U+000A⟩, so that no text can
    pass for a line of the listing)."""
    return visible(text, one_line=True)


def _is_terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def register(sub: Subparsers) -> None:
    """Add `reviewer session` and its subcommands."""
    session = command(
        sub, "session", None, help="inspect or change a review session without the UI",
        description="Make the review UI's changes from the command line; each one is recorded in the "
                    "session store exactly as if made in the UI.")
    actions = session.add_subparsers(dest="session_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = command(actions, name, cmd_session, help=help_text, description=help_text)
        add_session_options(p, corpus_option=True)
        return p

    listing = add("list", "list segments with their state and open flags, filtered as in the review UI")
    listing.add_argument("--rule", action="append", default=[], metavar="RULE",
                         help="only segments with an open flag of this rule (repeatable: any of them)")
    listing.add_argument("--severity", choices=[s.value for s in Severity],
                         help="only segments with an open flag of this severity")
    listing.add_argument("--status", choices=STATES, help="only segments in this state")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    mine = listing.add_mutually_exclusive_group()
    mine.add_argument("--mine", action="store_true", help="only the segments assigned to me (REVIEWER_USER)")
    mine.add_argument("--assigned-to", metavar="USER", help="only the segments assigned to USER")
    log = add("log", "print the corrections log")
    log.add_argument("--format", choices=("text", "json", "jsonl", "csv"), default="text")
    show = add("show", "print a segment's current target and open flags")
    show.add_argument("segment")
    edit = add("edit", "replace a segment's target")
    edit.add_argument("segment")
    edit.add_argument("text")
    edit.add_argument("--comment", default=None)
    apply = add("apply", "apply a flag's suggestion (the first flag with one, or --rule)")
    apply.add_argument("segment")
    apply.add_argument("--rule", help="rule id of the flag to apply")
    apply_all = add("apply-all", "apply one rule's suggestions in the whole corpus")
    apply_all.add_argument("rule")
    apply_all.add_argument("--dry-run", action="store_true", help="only list the changes")
    approve = add("approve", "approve a segment")
    approve.add_argument("segment")
    unapprove = add("unapprove", "take an approval back")
    unapprove.add_argument("segment")
    dismiss = add("dismiss", "dismiss a flag as a false positive")
    dismiss.add_argument("segment")
    dismiss.add_argument("rule")
    dismiss.add_argument("--reason", default="")
    annotate = add("annotate", "record an error the checks missed, on a span of the target")
    annotate.add_argument("segment")
    annotate.add_argument("start", type=int)
    annotate.add_argument("end", type=int)
    annotate.add_argument("category")
    annotate.add_argument("severity")
    annotate.add_argument("--comment", default="")
    add("where", "print where the session store is (it is not created); whether it exists goes to stderr")
    assign = add("assign", "assign segments to a reviewer (RANGE: ids or 1-based positions, A..B, comma-separated)")
    assign.add_argument("range", metavar="RANGE", help="e.g. 1..50 or p3.s1..p5.s2,p7.s1")
    whom = assign.add_mutually_exclusive_group(required=True)
    whom.add_argument("--to", metavar="USER", help="the reviewer to assign them to")
    whom.add_argument("--unassign", action="store_true", help="take the segments' assignment away")
    progress = add("progress", "the lead's view: per reviewer, segments assigned and approved, open flags, "
                               "last activity; who has the corpus open now")
    progress.add_argument("--json", action="store_true", help="print JSON")
    add("undo", "undo the last change")
    add("redo", "redo the last undone change")


def _find_flag(session: ReviewSession, seg_id: str, rule: str | None, *, needs_suggestion: bool) -> Flag:
    for f in session.flags(seg_id):
        if rule is not None and f.rule != rule:
            continue
        if needs_suggestion and (f.suggestion is None or f.side is not Side.TARGET):
            continue
        return f
    what = f"rule {rule!r}" if rule else "a suggestion"
    raise ReviewerError(f"segment {seg_id} has no open flag with {what}")


def cmd_session(args: argparse.Namespace, out: IO[str]) -> int:
    if args.session_command == "where":
        _where(args, out)
        return ExitCode.OK
    session = open_session(args)  # (which says on stderr where an earlier session was found)
    try:
        return _run(session, args, out)
    finally:
        session.close()


def _where(args: argparse.Namespace, out: IO[str]) -> None:
    corpus = load_corpus(args.corpus, source=args.source, target=args.target)
    spec = store_spec(args.store, args.session)
    if is_server(spec):  # the database (no password), and the corpus's session in it
        out.write(_line(server_label(str(spec), corpus.path.name if corpus.path else corpus.name or "corpus")) + "\n")
        print("a PostgreSQL database: the session is created there on first use", file=sys.stderr)
        return
    location = None if spec else locate_session(corpus, corpus_fingerprint(corpus))
    path = location.path if location else Path(str(spec))
    # The path alone on stdout, for scripts; what a person wants to know besides, on stderr.
    out.write(visible(str(path.absolute()), one_line=True) + "\n")
    print("exists" if path.exists() else "not created yet: the first recorded change creates it", file=sys.stderr)
    if location and location.notice:
        print(_line(location.notice), file=sys.stderr)


def _list(session: ReviewSession, args: argparse.Namespace, out: IO[str]) -> None:
    view = ReviewView(session)
    filters = [Filter("severity", args.severity)] if args.severity else []
    if args.status:
        filters.append(Filter("state", args.status))
    rows = view.rows(filters)
    if args.mine or args.assigned_to is not None:
        assigned = set(team.assigned_to(session, args.assigned_to if args.assigned_to is not None else session.user))
        rows = [seg_id for seg_id in rows if seg_id in assigned]
    if args.rule:
        wanted = set(args.rule)
        rows = [seg_id for seg_id in rows if any(rule in wanted for rule, _ in view.open_rules(seg_id))]
    listed = [(seg_id, view.state(seg_id), view.open_rules(seg_id)) for seg_id in rows]
    if args.format == "json":
        listing = {"segments": [{"id": seg_id, "state": state, "target": session.target(seg_id),
                                 "flags": [{"rule": r, "severity": v} for r, v in found]}
                                for seg_id, state, found in listed],
                   "summary": {"listed": len(listed), "segments": len(session.segments)}}
        out.write(json_visible(json.dumps(listing, ensure_ascii=False, indent=2)) + "\n")
        return
    width = max((len(_line(seg_id)) for seg_id, _, _ in listed), default=0)
    for seg_id, state, found in listed:
        flags = ", ".join(f"{_line(r)} ({v})" for r, v in found) or "-"
        out.write(f"{_line(seg_id):<{width}}  {state:<10}  {flags}\n")
    out.write(f"{len(listed)} of {len(session.segments)} segments\n")


def _assigned(ids: list[str], to: str | None, before: dict[str, str]) -> str:
    """What an assignment did: `11 segments assigned to budi: 5 were unassigned, 6 were ana's`."""
    held = Counter(before.get(seg_id) for seg_id in ids)

    def were(n: int) -> str:
        return f"{n} {'was' if n == 1 else 'were'}"

    parts = [f"{were(held.pop(None))} unassigned"] if None in held else []
    already = held.pop(to, 0) if to is not None else 0
    parts += [f"{were(n)} {_line(str(who))}'s" for who, n in sorted(held.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    if already:
        parts.append(f"{were(already)} {_line(str(to))}'s already")
    what = f"{len(ids)} segment{'s' if len(ids) != 1 else ''} " + (
        "unassigned" if to is None else f"assigned to {_line(to)}")
    return what + (": " + ", ".join(parts) if parts else "")


def _team(session: ReviewSession, args: argparse.Namespace, out: IO[str]) -> None:
    if args.session_command == "assign":
        ids = team.parse_range(session, args.range)
        to = None if args.unassign else team.check_reviewer_name(args.to)
        before = session.store.assignments()
        team.assign(session, ids, to)
        out.write(_assigned(ids, to, before) + "\n")
        return
    view = ReviewView(session)
    rows = team.progress_by_reviewer(session, view.open_flags)
    present = session.store.present()
    if args.json:
        report = {"reviewers": [r.to_dict() for r in rows if r.who is not None],
                  "unassigned": next(r.to_dict() for r in rows if r.who is None),
                  "present": [{"reviewer": p.who, "segment": p.segment_id, "at": p.at} for p in present],
                  "segments": len(session.segments)}
        out.write(json_visible(json.dumps(report, ensure_ascii=False, indent=2)) + "\n")
        return
    width = max(len("reviewer"), *(len(r.label) for r in rows))
    out.write(f"{'reviewer':<{width}}  assigned  approved  open flags  changed  last activity\n")
    for r in rows:
        flags = "?" if r.open_flags is None else str(r.open_flags)
        out.write(f"{r.label:<{width}}  {r.assigned:>8}  {r.approved:>8}  {flags:>10}  {r.changed:>7}  "
                  f"{_line(r.last_activity or '-')}\n")
    here = ", ".join(f"{_line(p.who)} ({_line(p.segment_id) if p.segment_id else 'no segment'})" for p in present)
    out.write(f"present now: {here or 'nobody'}\n")


def _run(session: ReviewSession, args: argparse.Namespace, out: IO[str]) -> int:
    action = args.session_command
    if action == "list":
        _list(session, args, out)
        return ExitCode.OK
    if action == "log":
        events = session.corrections()
        if args.format == "csv":
            # CSV has no escapes: exact into a file or a pipe, controls shown as placeholders on a terminal.
            text = corrections_csv(events)
            out.write(visible(text) if _is_terminal(out) else text)
        elif args.format == "json":
            out.write(json_visible(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2)) + "\n")
        elif args.format == "jsonl":
            for e in events:
                out.write(json_visible(json.dumps(e.to_dict(), ensure_ascii=False)) + "\n")
        else:
            for e in events:
                undone = " (undone)" if e.state else ""
                out.write(f"{e.seq:>5} {_line(e.at)} {_line(e.who)} {_line(e.segment_id)} {e.kind} "
                          f"[{_line(e.origin)}]{undone}\n")
                if e.kind is EventKind.EDIT:
                    out.write(f"        - {_line(e.before or '')}\n        + {_line(e.after or '')}\n")
        return ExitCode.OK
    if action in ("undo", "redo"):
        touched = session.undo() if action == "undo" else session.redo()
        out.write((f"{action}: {', '.join(_line(t) for t in touched)}" if touched else f"nothing to {action}") + "\n")
        return ExitCode.OK
    if action in ("assign", "progress"):
        _team(session, args, out)
        return ExitCode.OK
    if action == "apply-all":
        plan = session.plan_rule(args.rule)
        for item in plan:
            out.write(f"{_line(item.segment_id)}\n  - {_line(item.before)}\n  + {_line(item.after)}\n")
        if not args.dry_run:
            n = session.apply_plan(args.rule, plan)
            out.write(f"applied {_line(args.rule)} in {n} segments\n")
        return ExitCode.OK
    seg_id = args.segment
    session.segment(seg_id)  # unknown ids fail here with a clear message
    if action == "show":
        out.write(_line(session.target(seg_id)) + "\n")
        for f in session.flags(seg_id):
            out.write(f"  {f.severity.value:8} {_line(f.rule)}: {_line(f.message)}\n")
    elif action == "edit":
        changed = session.edit(seg_id, args.text, comment=args.comment)
        out.write(("edited " if changed else "unchanged ") + _line(seg_id) + "\n")
    elif action == "apply":
        flag = _find_flag(session, seg_id, args.rule, needs_suggestion=True)
        session.apply_flag(seg_id, flag)
        out.write(f"{_line(seg_id)}: {_line(session.target(seg_id))}\n")
    elif action in ("approve", "unapprove"):
        session.set_approved(seg_id, action == "approve")
        out.write(f"{_line(seg_id)}: {session.status(seg_id).value}\n")
    elif action == "dismiss":
        session.dismiss(seg_id, _find_flag(session, seg_id, args.rule, needs_suggestion=False), args.reason)
        out.write(f"{_line(seg_id)}: dismissed {_line(args.rule)}\n")
    elif action == "annotate":
        session.annotate(seg_id, args.start, args.end, args.category, args.severity, args.comment)
        out.write(f"{_line(seg_id)}: annotated {args.start}-{args.end}\n")
    return ExitCode.OK
