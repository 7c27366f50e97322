% pyrules/core/prolog/runtime.pl -- the fixed support of the translated KB (see docs/prolog-engine.md).
%
% Clingo terms in Prolog: integers as integers, constants as atoms, f(...) as compounds,
% tuples as '$t'(...), strings as '$s'(Atom), #inf/#sup as '$inf'/'$sup'.  Nothing here knows a
% regulation: it is clingo's term order, its aggregates and the calendar functions of
% pyrules/core/calendar.py, on the holiday table the engine asserts from Python.

:- module(pr_runtime, [c_lt/2, c_le/2, c_gt/2, c_ge/2, c_ne/2, c_eq/2, c_aggregate/3,
                       c_write/1, c_ext/3, pr_load/2, pr_holiday/1, pr_assert_all/1,
                       pr_evaluate/2, pr_materialise/0]).
:- dynamic pr_holiday/1.
:- dynamic pr_holiday_range/2.
:- dynamic pr_loading/0.
:- dynamic pr_message/1.

% ---- clingo's total order: #inf < integers < functions (arity, name, arguments) < strings < #sup
rank('$inf', 0) :- !.
rank('$sup', 4) :- !.
rank(X, 1) :- integer(X), !.
rank('$s'(_), 3) :- !.
rank(_, 2).

c_compare(O, A, B) :- integer(A), integer(B), !, compare(O, A, B).
c_compare(O, A, B) :-
    rank(A, RA), rank(B, RB),
    (   RA =\= RB -> compare(O, RA, RB)
    ;   RA =:= 3 -> A = '$s'(SA), B = '$s'(SB), compare(O, SA, SB)
    ;   RA =:= 2 -> fn_compare(O, A, B)
    ;   compare(O, A, B)
    ).

fn_compare(O, A, B) :-
    fn_parts(A, NA, AA), fn_parts(B, NB, AB),
    length(AA, LA), length(AB, LB),
    (   LA =\= LB -> compare(O, LA, LB)
    ;   NA \== NB -> compare(O, NA, NB)
    ;   args_compare(O, AA, AB)
    ).

fn_parts(X, Name, Args) :-
    (   atom(X) -> Name = X, Args = []
    ;   X =.. [F|Args], ( F == '$t' -> Name = '' ; Name = F )
    ).

args_compare(=, [], []).
args_compare(O, [X|Xs], [Y|Ys]) :-
    c_compare(O1, X, Y),
    ( O1 == (=) -> args_compare(O, Xs, Ys) ; O = O1 ).

c_lt(A, B) :- integer(A), integer(B), !, A < B.
c_lt(A, B) :- c_compare(<, A, B).
c_gt(A, B) :- integer(A), integer(B), !, A > B.
c_gt(A, B) :- c_compare(>, A, B).
c_le(A, B) :- \+ c_gt(A, B).
c_ge(A, B) :- \+ c_lt(A, B).
c_eq(A, B) :- A == B.
c_ne(A, B) :- A \== B.

% ---- aggregates over a set of distinct tuples (a sorted, duplicate-free list of lists)
c_aggregate(count, Tuples, N) :- length(Tuples, N).
c_aggregate(sum, Tuples, N) :- sum_weights(Tuples, 0, N).
c_aggregate(sum_plus, Tuples, N) :- sum_plus(Tuples, 0, N).
c_aggregate(min, Tuples, M) :- fold_extreme(Tuples, <, '$sup', M).
c_aggregate(max, Tuples, M) :- fold_extreme(Tuples, >, '$inf', M).

sum_weights([], N, N).
sum_weights([[W|_]|Ts], A, N) :- integer(W), !, A1 is A + W, sum_weights(Ts, A1, N).
sum_weights([_|Ts], A, N) :- sum_weights(Ts, A, N).

sum_plus([], N, N).
sum_plus([[W|_]|Ts], A, N) :- integer(W), W > 0, !, A1 is A + W, sum_plus(Ts, A1, N).
sum_plus([_|Ts], A, N) :- sum_plus(Ts, A, N).

fold_extreme([], _, M, M).
fold_extreme([[W|_]|Ts], O, A, M) :- !,
    ( c_compare(O, W, A) -> fold_extreme(Ts, O, W, M) ; fold_extreme(Ts, O, A, M) ).
fold_extreme([_|Ts], O, A, M) :- fold_extreme(Ts, O, A, M).

% ---- printing a term in clingo's syntax (read back with clingo.parse_term)
c_write(X) :- integer(X), !, write(X).
c_write('$inf') :- !, write('#inf').
c_write('$sup') :- !, write('#sup').
c_write('$s'(A)) :- !, atom_codes(A, Cs), put_char('"'), maplist(put_escaped, Cs), put_char('"').
c_write(X) :- atom(X), !, write(X).
c_write(X) :- X =.. ['$t'|Args], !, write('('), write_args(Args),
    ( Args = [_] -> write(',') ; true ), write(')').
c_write(X) :- X =.. [F|Args], write(F), write('('), write_args(Args), write(')').

write_args([]).
write_args([A]) :- !, c_write(A).
write_args([A|As]) :- c_write(A), write(','), write_args(As).

put_escaped(0'") :- !, write('\\"').
put_escaped(0'\\) :- !, write('\\\\').
put_escaped(0'\n) :- !, write('\\n').
put_escaped(C) :- put_code(C).

% ---- the @-functions of pyrules/core/calendar.py on day numbers (days since 1970-01-01)
c_ext(date, [Y, M, D], N) :- valid_date(Y, M, D), days_from_civil(Y, M, D, N).
c_ext(add_months, [Day, K], N) :-
    civil_from_days(Day, Y, M, D),
    I is Y * 12 + (M - 1) + K, Y1 is I div 12, M1 is I mod 12 + 1,
    month_length(Y1, M1, L), D1 is min(D, L), days_from_civil(Y1, M1, D1, N).
c_ext(add_workdays, [Day, K], N) :- add_workdays(Day, K, N).
c_ext(workday, [Day], W) :- ( workday(Day) -> W = 1 ; W = 0 ).
c_ext(semester_of, [Day], sem(Y1, Kind)) :-
    civil_from_days(Day, Y, M, _),
    (   M >= 9 -> Y1 = Y, Kind = autumn
    ;   M =:= 1 -> Y1 is Y - 1, Kind = autumn
    ;   Y1 = Y, Kind = spring
    ).
c_ext(year_of, [Day], Y) :- civil_from_days(Day, Y, _, _).
c_ext(month_of, [Day], M) :- civil_from_days(Day, _, M, _).
c_ext(day_of, [Day], D) :- civil_from_days(Day, _, _, D).
c_ext(subject_text, [S], T) :-
    (   S = '$s'(_) -> T = S
    ;   atom(S) -> T = '$s'(S)
    ;   with_output_to(atom(A), c_write(S)), T = '$s'(A)
    ).

valid_date(Y, M, D) :-
    integer(Y), integer(M), integer(D),
    (   M >= 1, M =< 12, D >= 1, month_length(Y, M, L), D =< L -> true
    ;   throw(error(domain_error(date, date(Y, M, D)), c_ext/3))
    ).

leap(Y) :- Y mod 4 =:= 0, ( Y mod 100 =\= 0 ; Y mod 400 =:= 0 ), !.
month_length(Y, 2, L) :- !, ( leap(Y) -> L = 29 ; L = 28 ).
month_length(_, M, L) :- ( memberchk(M, [4, 6, 9, 11]) -> L = 30 ; L = 31 ).

% Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
days_from_civil(Y0, M, D, N) :-
    ( M =< 2 -> Y is Y0 - 1 ; Y = Y0 ),
    Era is Y div 400, Yoe is Y - Era * 400,
    Mp is (M + 9) mod 12, Doy is (153 * Mp + 2) // 5 + D - 1,
    Doe is Yoe * 365 + Yoe // 4 - Yoe // 100 + Doy,
    N is Era * 146097 + Doe - 719468.
civil_from_days(N0, Y, M, D) :-
    integer(N0), Z is N0 + 719468, Era is Z div 146097, Doe is Z - Era * 146097,
    Yoe is (Doe - Doe // 1460 + Doe // 36524 - Doe // 146096) // 365,
    Doy is Doe - (365 * Yoe + Yoe // 4 - Yoe // 100), Mp is (5 * Doy + 2) // 153,
    D is Doy - (153 * Mp + 2) // 5 + 1, ( Mp < 10 -> M is Mp + 3 ; M is Mp - 9 ),
    Y0 is Yoe + Era * 400, ( M =< 2 -> Y is Y0 + 1 ; Y = Y0 ).

workday(Day) :-
    ( pr_holiday_range(Lo, Hi), Day >= Lo, Day =< Hi -> true
    ; throw(error(domain_error(holiday_table, Day), workday/1)) ),
    (Day + 3) mod 7 < 5, \+ pr_holiday(Day).

add_workdays(Day, K, N) :- integer(K), add_workdays_(Day, K, N).
add_workdays_(Day, K, N) :-
    (   K =< 0 -> N = Day
    ;   D1 is Day + 1, ( workday(D1) -> K1 is K - 1 ; K1 = K ), add_workdays_(D1, K1, N)
    ).

% ---- loading and input facts
pr_assert_all([]).
pr_assert_all([F|Fs]) :- assertz(kb:F), pr_assert_all(Fs).

:- multifile user:message_hook/3.
user:message_hook(Term, Kind, Lines) :-
    pr_loading, ( Kind == error ; Kind == warning ),
    pr_message_text(Term, Kind, Lines, Text), assertz(pr_message(Text)), fail.

pr_message_text(Term, Kind, Lines, Text) :-
    (   catch(message_to_codes(Term, Kind, Codes), _, fail), Codes \== []
    ->  atom_codes(S, Codes)
    ;   format(atom(S), "~q ~q", [Term, Lines])
    ),
    format(atom(Text), "~w: ~w", [Kind, S]).

% pr_load(+File, -Messages): load_files/2, with every error or warning it printed collected.
pr_load(File, Messages) :-
    retractall(pr_message(_)),
    setup_call_cleanup(assertz(pr_loading),
                       catch(load_files(File, [if(true)]), E,
                             ( message_to_string(E, S), assertz(pr_message(S)) )),
                       retractall(pr_loading)),
    findall(M, retract(pr_message(M)), Messages).

% pr_evaluate(+Facts, -Text): assert the student's facts, print every shown atom (one per line,
% in clingo syntax), then retract the facts and abolish the tables whatever happened.
% Then a line `!Id` for every labelled rule whose body holds (static ones computed at load).
pr_evaluate(Facts, Text) :-
    setup_call_cleanup(pr_assert_all(Facts),
                       with_output_to(atom(Text), ( forall(kb:pr_shown(G), pr_show(G)),
                                                    pr_show_fired )),
                       pr_cleanup).

pr_show_fired :-
    kb:pr_rule_ids(Ids),
    forall(( member(Id, Ids), once(kb:pr_fired_if(Id)) ; kb:pr_static_fired(Id) ),
           format("!~w~n", [Id])).

% pr_materialise: the static predicates as plain facts, and the static rules that fired.
pr_materialise :-
    forall(kb:pr_static(I, P), forall(kb:I, assertz(kb:P))),
    findall(Id, kb:pr_static_fired_if(Id), L0), sort(L0, L),
    forall(member(Id, L), assertz(kb:pr_static_fired(Id))),
    abolish_all_tables.

pr_show(G) :- findall(G, kb:G, L), sort(L, S), forall(member(A, S), (c_write(A), nl)).

pr_cleanup :- forall(kb:pr_input(G), retractall(kb:G)), abolish_all_tables.
