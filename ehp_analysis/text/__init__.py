"""Norwegian (bokmål) formatting and the report's generated sentences (one name, several modules).

``format`` is the one number formatter and the counts in words; ``labels`` every label a reader sees;
``sentences``, ``budget``, ``provenance``, ``programmes`` and ``delivery`` (an incomplete period) the generated
sentences. Everything is
importable from ``ehp_analysis.text`` as before.

Every label a reader sees is in :data:`LABELS`. Every number a reader sees is formatted here, by
:func:`number` and the functions built on it (also for tables and figures): rounded half up on the
number as written, decimal comma, a no-break space (U+00A0) before ``%`` and between thousands, the minus
sign U+2212. A share of a count claims none or all only when it is so (:func:`percent`: "under 1 %",
"over 99 %"); a sentence says a zero share in words (:func:`share_words`: "ingen"). The sentence generators take the
dictionary from :func:`ehp_analysis.metrics.key_figures.key_figures` (or a metric result) and leave out the
comparison in parentheses when there is no previous period.

The sentences follow report.md's "Norwegian as written by people": whole numbers below 13 as words where they
start a sentence or count projects in running text (:func:`count_word`, :func:`project_count`), agreement in
number, "uendret" when a share reads the same as before, at most :data:`MAX_NAMED` projects named in a sentence
(each with its organisation), statistics said in words first with p and n in brackets, and codes shown by their
labels (:func:`reason_label`, :func:`field_label`). tests/test_language.py checks the spelling with hunspell.
"""

from .currency import (
    Currency, DEFAULT_CURRENCY, PLACEHOLDERS, check_currency, currency, known_currencies, placeholder_problem,
    set_currency, use_currency, worded,
)
from .format import (
    AS_REPORTED_DIGITS, DASH, LOCALE, MINUS, MONTH_NAMES, NBSP, NOT_ASSESSED, NUMBER_WORDS, ROUND_HALF_UP,
    WITHHELD_RATING, amount, amount_as_reported, capitalise, count_noun, count_word, date, is_missing, is_withheld,
    join_list, month, month_name, month_year, number, p_value, percent, project_count, share_words, signed,
)
from .labels import (
    LABELS, Labels, column_labels, display_table, field_label, labelled, reason_label, translated,
)
from .sentences import (
    MAX_NAMED, MOVERS_NAMED, RED_TABLE, amounts_compared, benefits_sentence, budget_sentence, cost_bands_sentence,
    costs_sentence, currency_change_sentence, dependencies_sentence, joined_and_left_heading, left_projects_caption,
    left_projects_sentence, maintenance_sentence, maturity_sentence, new_projects_sentence, owner_group_bullets,
    prerequisites_sentence, projects_sentence, red_dependencies_intro, red_theme_bullets, risk_sentence,
    status_sentence, unresolved_sentence,
)
from .statistics import (
    SIGNIFICANCE, mann_whitney_sentence, nothing_assessed_sentence, reasons_omitted_sentence, sign_test_sentence,
)
from .budget import (
    bridge_sentence, budget_year_note, budget_years_caption, changes_caption, no_bridge_sentence,
    owner_group_changes_sentence,
)
from .provenance import (
    EXAMPLE_DATA_BANNER, EXAMPLE_DATA_PAGE, RECONSTRUCTED, field_words, budget_years_phrase, example_data_banner,
    example_data_page, first_period_sentence, moved_focus_area_sentence, moved_sentence, provenance_alt_suffix, provenance_banner, provenance_caption_suffix,
    provenance_note, provenance_sentence, whole_period_reconstructed_sentence,
)
from .programmes import (
    appendix_intro_sentence, area_section_sentence, change_lines, changes_intro_sentence, programme_bullets,
    programmes_without_members_sentence,
)
from .decisions import (
    NOT_ASSESSED_WORDS, at_risk_sentence, at_risk_table, most_depended_on_table, network_figure_note, network_intro,
    not_assessed_words, prioritisation_intro, prioritisation_ranking_sentence, prioritisation_table,
    project_warning_bullets, warning_condition, warning_lines, warning_rules_table, warning_values, warnings_intro,
    without_benefits_table,
)
from .strategy import (
    assignment_note, goal_section_sentence, goals_intro, moved_goal_sentence, sections_heading,
    strategy_change_sentence, strategy_unit,
)
from .delivery import (
    incomplete_banner, incomplete_period_note, not_delivered_table,
)
from .submission import (
    allowed_values, column_help, feedback_not_delivered, feedback_summary, guide_instructions,
)
from .baseline import (
    baseline_captions, baseline_chain_note, baseline_changes_note, baseline_changes_table, baseline_label,
    baseline_paragraph, baseline_project_sentence, baseline_sentence, baseline_slip_sentence, baseline_table,
)
from .history import (
    HISTORY_LABELS, TILTAK_LABELS, bridge_step_labels, history_budget_label, history_budget_years_sentence,
    history_currency_sentence, history_gaps_sentence, history_intro_sentence, history_movement_label,
    history_starts_here_sentence, joined_sentence, month_year_short, tiltak_intro_sentence,
)

__all__ = [
    "AS_REPORTED_DIGITS", "Currency", "DASH", "DEFAULT_CURRENCY", "EXAMPLE_DATA_BANNER", "EXAMPLE_DATA_PAGE", "example_data_banner", "example_data_page",
    "HISTORY_LABELS", "LABELS", "LOCALE", "Labels", "MAX_NAMED", "MINUS", "MONTH_NAMES",
    "MOVERS_NAMED", "NBSP", "NOT_ASSESSED", "NOT_ASSESSED_WORDS", "NUMBER_WORDS", "PLACEHOLDERS", "RECONSTRUCTED",
    "RED_TABLE", "ROUND_HALF_UP", "SIGNIFICANCE", "TILTAK_LABELS", "WITHHELD_RATING", "allowed_values", "amount",
    "amount_as_reported", "amounts_compared", "appendix_intro_sentence", "area_section_sentence", "assignment_note",
    "at_risk_sentence", "at_risk_table", "baseline_captions", "baseline_chain_note", "baseline_changes_note",
    "baseline_changes_table", "baseline_label", "baseline_paragraph", "baseline_project_sentence", "baseline_sentence",
    "baseline_slip_sentence", "baseline_table", "benefits_sentence", "bridge_sentence", "bridge_step_labels",
    "budget_sentence", "budget_year_note", "budget_years_caption", "budget_years_phrase", "capitalise",
    "change_lines", "changes_caption", "changes_intro_sentence", "check_currency", "column_help", "column_labels",
    "cost_bands_sentence", "costs_sentence", "count_noun", "count_word", "currency", "currency_change_sentence",
    "date", "dependencies_sentence", "display_table", "feedback_not_delivered", "feedback_summary", "field_label", "field_words",
    "first_period_sentence", "goal_section_sentence", "goals_intro", "guide_instructions", "history_budget_label",
    "history_budget_years_sentence", "history_currency_sentence", "history_gaps_sentence", "history_intro_sentence",
    "history_movement_label", "history_starts_here_sentence", "incomplete_banner", "incomplete_period_note",
    "is_missing", "is_withheld", "join_list", "joined_and_left_heading", "joined_sentence", "known_currencies",
    "labelled", "left_projects_caption", "left_projects_sentence", "maintenance_sentence", "mann_whitney_sentence",
    "maturity_sentence", "month", "month_name", "month_year", "month_year_short", "most_depended_on_table",
    "moved_focus_area_sentence", "moved_goal_sentence", "moved_sentence", "network_figure_note", "network_intro",
    "new_projects_sentence", "no_bridge_sentence", "not_assessed_words", "not_delivered_table",
    "nothing_assessed_sentence", "number", "owner_group_bullets", "owner_group_changes_sentence", "p_value",
    "percent", "placeholder_problem", "prerequisites_sentence", "prioritisation_intro",
    "prioritisation_ranking_sentence", "prioritisation_table", "programme_bullets",
    "programmes_without_members_sentence", "project_count", "project_warning_bullets", "projects_sentence",
    "provenance_alt_suffix", "provenance_banner", "provenance_caption_suffix", "provenance_note",
    "provenance_sentence", "reason_label", "reasons_omitted_sentence", "red_dependencies_intro",
    "red_theme_bullets", "risk_sentence", "sections_heading", "set_currency", "share_words", "sign_test_sentence",
    "signed", "status_sentence", "strategy_change_sentence", "strategy_unit", "tiltak_intro_sentence", "translated",
    "unresolved_sentence", "use_currency", "warning_condition", "warning_lines", "warning_rules_table",
    "warning_values", "warnings_intro", "whole_period_reconstructed_sentence", "without_benefits_table", "worded",
]
