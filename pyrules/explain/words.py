# ruff: noqa: E501  (a table of texts: one symbol a line)
"""The KB's reason, route and group symbols worded in English and Danish: one table.

A row is `symbol | English | Danish`; a compound symbol names the kinds of its arguments after a
slash (`not_passed/count,value`) and its texts place them by position ({0}, {1}, ...)."""

from __future__ import annotations

_TABLE = """
application_later_than_three_weeks_into_leave | the application is later than three weeks into the leave | ansøgningen er indgivet senere end tre uger inde i orlovsperioden
leave_without_reason_cannot_be_extended | leave without reason cannot be extended | orlov uden begrundelse kan ikke forlænges
less_than_30_ects_of_mandatory_courses | less than 30 ECTS of mandatory courses passed | mindre end 30 ECTS-point obligatoriske kurser bestået
longer_than_one_semester | longer than one semester | længere end ét semester
longer_than_one_year_without_exemption | longer than one year without an exemption | længere end ét år uden dispensation
mandatory_courses_unknown | the mandatory courses are not known | de obligatoriske kurser kendes ikke
not_provided_by_the_programme_rules | not provided for by the programme rules | ikke hjemlet i uddannelsens regler
reason_gives_no_right_to_leave | the reason gives no right to leave | begrundelsen giver ikke ret til orlov
without_reason | without reason | uden begrundelse
special | on special grounds | af særlige grunde
right | by right | med ret til orlov
application_after_deadline | the application is after the deadline | ansøgningen er indgivet efter fristen
enrolment_has_not_ended | the enrolment has not ended | indskrivningen er ikke ophørt
exemption_required | an exemption is required | det kræver dispensation
less_than_five_months_after_enrolment_ended | less than five months after the enrolment ended | mindre end fem måneder efter indskrivningens ophør
ordinary_admission | through the ordinary admission | gennem den ordinære optagelse
outside_ordinary_admission | outside the ordinary admission (a vacant place is needed) | uden for den ordinære optagelse (der skal være en ledig plads)
bachelor_level_cap | over the cap on bachelor-level courses | over loftet for kurser på bachelorniveau
beyond_programme_ects | beyond the programme's ECTS | ud over uddannelsens ECTS-point
dtu_minimum | the minimum to be passed at DTU | minimumskravet om ECTS-point bestået på DTU
general_engineering_cap | over the cap on general engineering courses | over loftet for almene ingeniørkurser
course_no_longer_offered | the course is no longer offered | kurset udbydes ikke længere
not_suitable_for_reexam | the course is not suitable for a re-exam | kurset egner sig ikke til reeksamen
prerequisites_expired | the prerequisites have expired | forudsætningerne er bortfaldet
prerequisites_not_met | the prerequisites are not met | forudsætningerne er ikke opfyldt
beng_level | a BEng-level course | et kursus på diplomniveau
level_unknown | the course level is unknown | kursets niveau kendes ikke
curriculum_not_in_texts | the curriculum is not in the texts | studieordningen findes ikke i teksterne
not_preapproved | not pre-approved | ikke forhåndsgodkendt
msc_level_not_preapproved | an MSc-level course not pre-approved for the line | et kursus på kandidatniveau, ikke forhåndsgodkendt for retningen
plan_courses | the study plan's courses | studieplanens kurser
final_project | the final project | det afsluttende projekt
total | in all | i alt
at_dtu | at DTU | på DTU
thesis | the thesis | specialet
quiz | the quiz | quizzen
honour_code | the honour code | æreskodeksen
study_plan | the study plan | studieplanen
study_start_exam | the study-start exam | studiestartsprøven
first_year_exam | the first-year exam | førsteårsprøven
study_activity | the study activity requirement | kravet om studieaktivitet
max_duration | the maximum study time | den maksimale studietid
attempts_exhausted | every exam attempt used | alle eksamensforsøg er brugt
not_applicable | not applicable with a course passed or bound by | pointspærring med et kursus, der er bestået eller bindende
honour_code_not_accepted | DTU's code of honour is not accepted | DTU's æreskodeks er ikke accepteret
already_passed | the course is already passed | kurset er allerede bestået
mandatory_prerequisite_missing | a mandatory prerequisite course is neither passed nor registered for | et obligatorisk forudsætningskursus er hverken bestået eller tilmeldt
started_without_prerequisites | started without the prerequisites | startet uden forudsætningerne
internship_not_passed | the internship is not passed | ingeniørpraktikken er ikke bestået
no_parallel_ects | no ECTS taken in parallel | ingen ECTS-point taget sideløbende
no_reexam_in_period | no re-exam in the period | ingen reeksamen i perioden
no_rule | no rule provides for it | ingen regel hjemler den
over_18_weeks | over 18 weeks | over 18 uger
registered_after_start | registered after the start | registreret efter starten
registered_before_start | registered before the start | registreret før starten
s4_choice | the technical choice | det tekniske valg
s6_innovation_pilot | the innovation pilot | innovationspiloten
place/course | course {0} | kurset {0}
course/course | course {0} | kurset {0}
choice/value | {0} | {0}
not_passed/count,value | {1} of semester {0} is not passed | {1} på {0}. semester er ikke bestået
exam_not_sat/count,value | no exam sat in {1} of semester {0} | der er ikke aflagt eksamen i {1} på {0}. semester
ects_passed/ects,ects | {0} ECTS passed, {1} required | {0} ECTS-point bestået, {1} krævet
further_ects/ects,ects | {0} further ECTS passed, {1} required | {0} yderligere ECTS-point bestået, {1} krævet
exemption | an exemption | dispensation
extra_attempt | an extra exam attempt | et ekstra eksamensforsøg
release_from_binding | a release from a binding course | løsning fra et bindende kursus
exam_registration_annulled | an annulled exam registration | en annulleret eksamenstilmelding
head_of_studies_approval | the head of studies' approval | studielederens godkendelse
head_of_department_approval | the head of department's approval | institutlederens godkendelse
course_manager_allows_reexam | the course manager allows the re-exam | kursusansvarlig tillader reeksamen
course_manager_new_opportunity | the course manager gives a new opportunity | kursusansvarlig giver en ny mulighed
course_manager_no_new_opportunity | the course manager gives no new opportunity | kursusansvarlig giver ingen ny mulighed
course_manager_parts_carry | the course manager carries the part grades | kursusansvarlig overfører delkaraktererne
supervisor_support | the supervisor's support | vejlederens støtte
board_of_studies_extension | an extension by the board of studies | en forlængelse bevilget af studienævnet
internship_exemption | an exemption from the internship | dispensation fra ingeniørpraktikken
readmission_exemption | an exemption for readmission | dispensation til genoptagelse
internship_start | the start of the internship | start af ingeniørpraktikken
beng_project_start | the start of the BEng project | start af diplomingeniørprojektet
thesis_start | the start of the thesis | start af specialet
leave_extension | an extension of the leave | forlængelse af orloven
later_defence | a later defence | et senere forsvar
project_postponement | a postponed project | et udsat projekt
beng_project | the BEng project | diplomingeniørprojektet
msc_thesis | the master's thesis | specialet
decision/value,value,date | a decision: {0} for {1} (on {2}) | en afgørelse: {0} for {1} (den {2})
study_start_exam_recorded | the study-start exam is recorded | studiestartsprøven er registreret
pass_grade | the pass grade | beståelseskarakteren
lowest_partial_grade | the lowest partial grade allowed | den laveste tilladte delkarakter
max_exam_attempts | the number of exam attempts | antallet af eksamensforsøg
thesis_max_lacking | the ECTS that may be lacking | de ECTS-point, der højst må mangle
internship_min_ects | the ECTS required for the internship | de ECTS-point, der kræves til praktikken
first_year_exam_ects | the ECTS of the first-year exam | førsteårsprøvens ECTS-point
activity_min_ects | the study activity minimum | minimumskravet til studieaktivitet
final_project_further_ects | the further ECTS required | de yderligere ECTS-point, der kræves
leave_application_days | the days to apply for leave | fristen for at søge orlov (dage)
leave_max_months | the longest leave | den længste orlov
complaint_days | the complaint period | klagefristen
illness_documentation_days | the days to document illness | fristen for at dokumentere sygdom (dage)
min_ects_at_dtu | the ECTS to be passed at DTU | de ECTS-point, der skal bestås på DTU
max_study_semesters | the maximum study time | den maksimale studietid
readmission_wait_months | the months to wait | ventetiden i måneder
parallel_courses | courses taken in parallel | sideløbende kurser
impairment | impairment | funktionsnedsættelse
reexam | a re-exam in the period | reeksamen i perioden
board_of_studies | granted by the board of studies | bevilget af studienævnet
board_of_exemptions | granted by the board of exemptions (DMDU) | bevilget af Dispensationsnævnet (DMDU)
supervisor | granted by the supervisor | bevilget af vejlederen
academic | on academic grounds | fagligt
legal | on legal grounds | om retlige spørgsmål
written_to_oral | a written exam changed to an oral one | en skriftlig eksamen ændret til mundtlig
new_assessment | a new assessment offered | tilbud om ny bedømmelse
new_exam | a new exam offered | tilbud om ny eksamen
not_upheld | the complaint not upheld | klagen ikke imødekommet
combination | a combination of an offer and not upheld | en kombination af tilbud og intet medhold
"""


def _read(table: str) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    out: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for row in table.strip().splitlines():
        head, en, da = (part.strip() for part in row.split("|"))
        name, _, kinds = head.partition("/")
        out[name] = (en, da, tuple(kinds.split(",")) if kinds else ())
    return out


# symbol -> (English, Danish, the kinds of its arguments)
WORDS = _read(_TABLE)
