<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>CaseEditDialog</name>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="165"/>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="228"/>
        <source>Not saved: an error occurred.</source>
        <translation>저장하지 못했습니다: 오류가 발생했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="117"/>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="123"/>
        <source>Correct case {receipt}</source>
        <translation>민원 수정 {receipt}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="136"/>
        <source>A number is on file — leave this empty to keep it.</source>
        <translation>저장된 번호가 있습니다. 그대로 두려면 비워 두십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="146"/>
        <source>Save correction (Ctrl+Enter)</source>
        <translation>수정 저장 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="149"/>
        <source>Cancel (Esc)</source>
        <translation>취소 (Esc)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="223"/>
        <source>Not saved: correct the marked fields.</source>
        <translation>저장하지 않았습니다. 표시된 항목을 고치십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="225"/>
        <source>Not saved:</source>
        <translation>저장하지 않았습니다:</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="263"/>
        <source>Type to search the service list</source>
        <translation>입력하면 민원 종류를 찾습니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="289"/>
        <source>Year-month-day, digits only, e.g. 19900101</source>
        <translation>연월일 숫자만 입력 (예: 19900101)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="297"/>
        <source>Road-name address, e.g. 부산광역시 연제구 중앙대로 1001</source>
        <translation>도로명 주소 (예: 부산광역시 연제구 중앙대로 1001)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="310"/>
        <source>The applicant agrees to make the complaint public</source>
        <translation>신청인이 민원 공개에 동의함</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="321"/>
        <source>Service</source>
        <translation>민원 종류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="322"/>
        <source>Channel</source>
        <translation>접수 경로</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="323"/>
        <source>Class</source>
        <translation>민원 구분</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="324"/>
        <source>Applicant name</source>
        <translation>신청인 성명</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="325"/>
        <source>Date of birth</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="326"/>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="327"/>
        <location filename="../../counter_app/ui/case_form.py" line="446"/>
        <source>Email</source>
        <translation>전자우편</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="328"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="329"/>
        <source>Postcode</source>
        <translation>우편번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="330"/>
        <source>Resident registration no.</source>
        <translation>주민등록번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="331"/>
        <source>Public</source>
        <translation>공개 여부</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="332"/>
        <source>Notify by</source>
        <translation>통지 방법</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="333"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="334"/>
        <source>Content</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="445"/>
        <source>Text message</source>
        <translation>문자 메시지</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="447"/>
        <source>Post</source>
        <translation>우편</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="448"/>
        <source>Phone call</source>
        <translation>전화</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="449"/>
        <source>Fax</source>
        <translation>팩스</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="450"/>
        <source>At the counter</source>
        <translation>창구 방문</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="451"/>
        <source>No notification</source>
        <translation>통지 안 함</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="349"/>
        <source>Hold to show</source>
        <translation>누르고 있으면 보기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_form.py" line="350"/>
        <source>Shows the number while held (or while Ctrl+Space is held)</source>
        <translation>누르고 있는 동안(또는 Ctrl+Space를 누르고 있는 동안) 번호를 보여 줍니다</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <location filename="../../counter_app/ui/bootstrap.py" line="192"/>
        <source>counter_app — error</source>
        <translation>민원 창구 지원 — 오류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/bootstrap.py" line="193"/>
        <source>An error occurred. Your saved data is safe.</source>
        <translation>오류가 발생했습니다. 저장된 자료는 안전합니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/bootstrap.py" line="196"/>
        <source>The program keeps running. If the problem repeats, give the log file to your IT support. The log is at:
{path}</source>
        <translation>프로그램은 계속 실행됩니다. 문제가 반복되면 로그 파일을 전산 담당자에게 전달하십시오. 로그 파일 위치:
{path}</translation>
    </message>
</context>
<context>
    <name>EditReasonDialog</name>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="45"/>
        <source>Correct case</source>
        <translation>민원 수정</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="50"/>
        <source>Correcting {receipt} shows the applicant&apos;s data. The reason is recorded in the audit log with your name.</source>
        <translation>{receipt} 민원을 수정하면 민원인 정보가 표시됩니다. 사유는 이름과 함께 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="59"/>
        <source>e.g. applicant called to correct the phone number</source>
        <translation>예: 민원인이 전화로 연락처 정정을 요청함</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="60"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/case_edit_dialog.py" line="80"/>
        <source>Enter the reason for the correction.</source>
        <translation>수정 사유를 입력하십시오.</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="117"/>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="153"/>
        <source>Not saved: an error occurred.</source>
        <translation>저장하지 못했습니다: 오류가 발생했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="58"/>
        <source>Extend the processing period</source>
        <translation>처리기간 연장</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="67"/>
        <source>Receipt {receipt}. A period may be extended once, by at most the original period, and a second time only with the applicant&apos;s consent. Workload or an absent official is no reason (Enforcement Decree art. 21).</source>
        <translation>접수번호 {receipt}. 처리기간은 원래 처리기간의 범위에서 한 번 연장할 수 있고, 두 번째는 민원인의 동의를 받아야 합니다. 업무과중이나 담당자 부재는 연장 사유가 아닙니다(시행령 제21조).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="81"/>
        <source>New completion time (KST):</source>
        <translation>처리완료 예정 시각(KST):</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="86"/>
        <source>Reason (art. 21(1)):</source>
        <translation>연장 사유(제21조①):</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="90"/>
        <source>As the notice to the applicant will state it</source>
        <translation>민원인에게 보낼 통지에 적을 내용</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="91"/>
        <source>Reason in words:</source>
        <translation>사유 내용:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/extension_dialog.py" line="92"/>
        <source>The applicant consented (needed for a second extension)</source>
        <translation>민원인이 동의함(두 번째 연장에 필요)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="76"/>
        <source>Set up this counter</source>
        <translation>창구 설정</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="81"/>
        <source>This terminal has no office yet. Choose your community centre and create the first supervisor. The passphrase protects the personal data stored here: keep it safe, it cannot be recovered.</source>
        <translation>이 단말기에는 아직 사무소가 설정되지 않았습니다. 행정복지센터를 선택하고 첫 감독자를 만드십시오. 감독자 암호는 이곳에 저장되는 개인정보를 보호합니다. 잃어버리면 되찾을 수 없으니 안전하게 보관하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="89"/>
        <source>Community centre</source>
        <translation>행정복지센터</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="93"/>
        <source>Search by district or dong, e.g. 해운대 or 중앙동</source>
        <translation>구 또는 동 이름으로 찾기 (예: 해운대, 중앙동)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="106"/>
        <source>This terminal and its first supervisor</source>
        <translation>이 단말기와 첫 감독자</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="126"/>
        <source>Terminal ID</source>
        <translation>단말기 번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="127"/>
        <source>Responsible official</source>
        <translation>담당 공무원</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="128"/>
        <source>Supervisor passphrase</source>
        <translation>감독자 암호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="129"/>
        <source>Passphrase again</source>
        <translation>암호 확인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="130"/>
        <source>Supervisor staff ID</source>
        <translation>감독자 직원 번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="131"/>
        <source>Supervisor name</source>
        <translation>감독자 성명</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="132"/>
        <source>Supervisor PIN</source>
        <translation>감독자 PIN</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="145"/>
        <source>Creating the office and its keys…</source>
        <translation>사무소와 키를 만드는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="152"/>
        <source>Create office</source>
        <translation>사무소 만들기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="180"/>
        <source>Choose your community centre from the list.</source>
        <translation>목록에서 행정복지센터를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="184"/>
        <source>The supervisor passphrase must be at least {n} characters.</source>
        <translation>감독자 암호는 {n}자 이상이어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="189"/>
        <source>The two passphrases differ; type them again.</source>
        <translation>두 암호가 다릅니다. 다시 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="193"/>
        <source>Enter the supervisor&apos;s staff ID and name.</source>
        <translation>감독자의 직원 번호와 성명을 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/first_run.py" line="233"/>
        <source>The office could not be created because of an unexpected error; details are in the log file.</source>
        <translation>예상하지 못한 오류로 사무소를 만들지 못했습니다. 자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="140"/>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="264"/>
        <source>The draft was not saved.</source>
        <translation>임시 저장하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="442"/>
        <source>Not saved: an error occurred.</source>
        <translation>저장하지 못했습니다: 오류가 발생했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="85"/>
        <source>Civil complaint intake</source>
        <translation>민원 접수</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="123"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>저장 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="127"/>
        <location filename="../../counter_app/ui/intake_page.py" line="328"/>
        <source>Clear form</source>
        <translation>새로 작성</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="157"/>
        <source>Saved. Receipt number:</source>
        <translation>저장했습니다. 접수번호:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="179"/>
        <source>Copy number</source>
        <translation>번호 복사</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="214"/>
        <source>A draft you had not finished was restored. Check it, retype the resident registration number if the service needs one, and save.</source>
        <translation>작성하다 만 접수서를 다시 불러왔습니다. 내용을 확인하고, 주민등록번호가 필요한 민원이면 다시 입력한 뒤 저장하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="448"/>
        <source>Not saved: correct the marked fields.</source>
        <translation>저장하지 않았습니다. 표시된 항목을 고치십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="450"/>
        <source>Not saved:</source>
        <translation>저장하지 않았습니다:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="461"/>
        <source>Due date: {date}</source>
        <translation>처리 예정일: {date}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="329"/>
        <source>Throw away what is typed in the form? Its draft is deleted too.</source>
        <translation>입력한 내용을 버리시겠습니까? 임시 저장본도 삭제됩니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="333"/>
        <source>Throw away</source>
        <translation>버리기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/intake_page.py" line="334"/>
        <source>Keep the form</source>
        <translation>그대로 두기</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="134"/>
        <source>Counter support</source>
        <translation>민원 창구 지원</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="157"/>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="192"/>
        <source>Service status</source>
        <translation>서비스 현황</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="193"/>
        <source>Procedures</source>
        <translation>업무 절차</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="194"/>
        <source>Complaint intake</source>
        <translation>민원 접수</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="195"/>
        <source>Case queue</source>
        <translation>접수 대기열</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="196"/>
        <source>Sync</source>
        <translation>동기화</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="201"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="202"/>
        <source>&amp;Lock now</source>
        <translation>지금 잠그기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="206"/>
        <source>Sign &amp;out</source>
        <translation>로그아웃(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="208"/>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="216"/>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="217"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="228"/>
        <source>Lock after idle &amp;minutes…</source>
        <translation>자동 잠금 시간(분)(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="234"/>
        <source>Status &amp;sources…</source>
        <translation>상태 정보 출처(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="236"/>
        <source>&amp;Outage periods…</source>
        <translation>전산장애 기간(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="245"/>
        <source>&amp;Documents</source>
        <translation>문서(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="246"/>
        <source>&amp;Verify a document…</source>
        <translation>문서 진위 확인(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="250"/>
        <source>Print the outage &amp;notice</source>
        <translation>전산장애 안내문 출력(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="255"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="256"/>
        <source>&amp;About</source>
        <translation>정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="392"/>
        <source>The office data could not be opened; details are in the log file.</source>
        <translation>사무소 자료를 열 수 없습니다. 자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="398"/>
        <source>Cannot start</source>
        <translation>시작할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="407"/>
        <source>This terminal is not set up yet.</source>
        <translation>이 단말기는 아직 설정되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="421"/>
        <source>{office} — counter support ({terminal})</source>
        <translation>{office} — 민원 창구 지원 ({terminal})</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="426"/>
        <source>{office} · terminal {terminal}</source>
        <translation>{office} · 단말기 {terminal}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="460"/>
        <source>Locked. Sign in to continue.</source>
        <translation>잠겨 있습니다. 계속하려면 로그인하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="469"/>
        <source>Locked after {n} minutes without input. Drafts were saved.</source>
        <translation>{n}분 동안 입력이 없어 화면을 잠갔습니다. 작성 중인 접수서는 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="477"/>
        <source>Signed out.</source>
        <translation>로그아웃했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="489"/>
        <source>Demo office: clerk {clerk} / PIN {clerk_pin}, supervisor {supervisor} / PIN {supervisor_pin}, supervisor passphrase {passphrase}.</source>
        <translation>체험용 사무소입니다: 접수 담당 {clerk} / PIN {clerk_pin}, 감독자 {supervisor} / PIN {supervisor_pin}, 감독자 암호 {passphrase}.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="546"/>
        <source>Only a signed-in supervisor can change this.</source>
        <translation>로그인한 감독자만 변경할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="556"/>
        <source>not signed in</source>
        <translation>로그인하지 않음</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="558"/>
        <source>supervisor</source>
        <translation>감독자</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="558"/>
        <source>clerk</source>
        <translation>접수 담당</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="560"/>
        <source>{name} ({staff_id}, {role})</source>
        <translation>{name} ({staff_id}, {role})</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="748"/>
        <source>Saved {receipt}</source>
        <translation>저장했습니다: {receipt}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="764"/>
        <source>Queue: {unsent} unsent / {total} total</source>
        <translation>대기열: 미전송 {unsent}건 / 전체 {total}건</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="813"/>
        <source>The language changes when the program is restarted.</source>
        <translation>언어는 프로그램을 다시 시작하면 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="829"/>
        <source>Idle lock</source>
        <translation>자동 잠금</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="830"/>
        <source>Lock the window after this many minutes without input (1 to 60; the office&apos;s policy):</source>
        <translation>입력이 없을 때 몇 분 후에 화면을 잠글까요? (1~60분, 사무소 정책)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="842"/>
        <source>counter_app {version}
Counter support for community centres during central-system outages.

Data folder: {data}
Log file: {log}</source>
        <translation>민원 창구 지원 (counter_app) {version}
중앙 전산 장애 때 행정복지센터 민원 창구 업무를 돕는 프로그램입니다.

자료 폴더: {data}
로그 파일: {log}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="849"/>
        <source>About counter_app</source>
        <translation>민원 창구 지원 프로그램 정보</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="261"/>
        <source>&amp;Find</source>
        <translation>찾기(&amp;F)</translation>
    </message>
</context>
<context>
    <name>OutageDialog</name>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="288"/>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="292"/>
        <source>Not saved: an error occurred.</source>
        <translation>저장하지 못했습니다: 오류가 발생했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="91"/>
        <source>Outage periods</source>
        <translation>전산장애 기간</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="102"/>
        <source>Periods when the systems were down. They are left out of the processing period only of a case received through the failed system, and only when the outage began on or after 6 May 2026 (Enforcement Decree art. 20 item 2); a case taken on paper runs from its receipt. Recording or closing one recalculates the due dates of unsent cases. Times are Korean time (KST).</source>
        <translation>정보시스템이 중단된 기간입니다. 이 기간은 중단된 시스템을 통해 접수된 민원의 처리기간에서만, 그리고 2026년 5월 6일 이후 시작된 장애만 빼고 계산합니다(시행령 제20조 2호). 서면으로 접수한 민원은 접수한 때부터 계산합니다. 기간을 기록하거나 끝내면 전송 전 민원의 처리기한을 다시 계산합니다. 시각은 한국 시간(KST)입니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="115"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="115"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="115"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="115"/>
        <location filename="../../counter_app/ui/outage_dialog.py" line="168"/>
        <source>Recorded by</source>
        <translation>기록자</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="115"/>
        <source>Left out of periods</source>
        <translation>처리기간 제외</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="126"/>
        <source>Ended at:</source>
        <translation>종료 시각:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="129"/>
        <source>Now</source>
        <translation>지금</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="133"/>
        <source>Close the selected period</source>
        <translation>선택한 기간 종료</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="140"/>
        <source>Record a new period</source>
        <translation>새 장애 기간 기록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="143"/>
        <source>Start:</source>
        <translation>시작:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="145"/>
        <source>Already over, at:</source>
        <translation>이미 종료됨, 종료 시각:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="152"/>
        <source>End:</source>
        <translation>종료:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="156"/>
        <source>e.g. NIRS data centre fire</source>
        <translation>예: 국가정보자원관리원 화재</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="157"/>
        <source>Note:</source>
        <translation>메모:</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="158"/>
        <source>Record</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="164"/>
        <source>Ad hoc public holidays</source>
        <translation>임시공휴일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="168"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="168"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="184"/>
        <source>e.g. 임시공휴일 (election day)</source>
        <translation>예: 임시공휴일(선거일)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="185"/>
        <source>Record holiday</source>
        <translation>공휴일 기록</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="188"/>
        <source>Remove the selected holiday</source>
        <translation>선택한 공휴일 삭제</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="241"/>
        <source>ongoing</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="250"/>
        <source>for cases received through the system</source>
        <translation>시스템으로 접수된 민원만</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="252"/>
        <source>no (began before 6 May 2026)</source>
        <translation>제외 안 함(2026년 5월 6일 전 시작)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="312"/>
        <source>The outage period was recorded; due dates of unsent cases were recalculated.</source>
        <translation>전산장애 기간을 기록했습니다. 전송되지 않은 민원의 처리기한을 다시 계산했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="319"/>
        <source>Select an ongoing period to close.</source>
        <translation>종료할 진행 중인 기간을 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="330"/>
        <source>The outage period was closed; due dates of unsent cases were recalculated.</source>
        <translation>전산장애 기간을 종료했습니다. 전송되지 않은 민원의 처리기한을 다시 계산했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="355"/>
        <source>The holiday was recorded; due dates of unsent cases were recalculated.</source>
        <translation>임시공휴일을 기록했습니다. 전송 전 민원의 처리기한을 다시 계산했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="362"/>
        <source>Select a holiday to remove.</source>
        <translation>삭제할 공휴일을 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/outage_dialog.py" line="368"/>
        <source>The holiday was removed; due dates of unsent cases were recalculated.</source>
        <translation>임시공휴일 기록을 지웠습니다. 전송 전 민원의 처리기한을 다시 계산했습니다.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="35"/>
        <source>Receipt no.</source>
        <translation>접수번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="36"/>
        <source>Received</source>
        <translation>접수 일시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="37"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="38"/>
        <source>Class</source>
        <translation>민원 구분</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="39"/>
        <source>Service</source>
        <translation>민원 종류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="40"/>
        <source>Applicant</source>
        <translation>신청인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="41"/>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_model.py" line="42"/>
        <source>Due</source>
        <translation>처리 예정일</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="108"/>
        <source>Receipt no.</source>
        <translation>접수번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="109"/>
        <source>Case id</source>
        <translation>사건 ID</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="110"/>
        <location filename="../../counter_app/ui/queue_page.py" line="311"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="111"/>
        <source>Received</source>
        <translation>접수 일시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="112"/>
        <source>Due</source>
        <translation>처리 예정일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="117"/>
        <source>Channel</source>
        <translation>접수 경로</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="118"/>
        <source>Class</source>
        <translation>민원 구분</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="119"/>
        <source>Service</source>
        <translation>민원 종류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="120"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="121"/>
        <source>Content</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="122"/>
        <source>Clerk</source>
        <translation>접수 담당자</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="123"/>
        <source>Terminal</source>
        <translation>단말기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="124"/>
        <source>Office code</source>
        <translation>기관 코드</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="125"/>
        <source>Applicant</source>
        <translation>신청인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="126"/>
        <source>Name</source>
        <translation>성명</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="127"/>
        <source>Date of birth</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="128"/>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="84"/>
        <location filename="../../counter_app/ui/queue_page.py" line="129"/>
        <source>Email</source>
        <translation>전자우편</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="83"/>
        <source>Text message</source>
        <translation>문자 메시지</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="85"/>
        <source>Post</source>
        <translation>우편</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="86"/>
        <source>Phone call</source>
        <translation>전화</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="87"/>
        <source>Fax</source>
        <translation>팩스</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="88"/>
        <source>At the counter</source>
        <translation>창구 방문</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="89"/>
        <source>No notification</source>
        <translation>통지 안 함</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="96"/>
        <source>Individual</source>
        <translation>개인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="97"/>
        <source>Organisation</source>
        <translation>단체</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="101"/>
        <source>Male</source>
        <translation>남</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="101"/>
        <source>Female</source>
        <translation>여</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="113"/>
        <source>Processing period</source>
        <translation>처리기간</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="114"/>
        <source>Basis of the period</source>
        <translation>처리기간 근거</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="115"/>
        <source>Extensions</source>
        <translation>처리기간 연장</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="116"/>
        <source>Received through the system</source>
        <translation>정보시스템 접수</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="130"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="131"/>
        <source>Postcode</source>
        <translation>우편번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="132"/>
        <source>Resident registration no.</source>
        <translation>주민등록번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="133"/>
        <source>Public</source>
        <translation>공개 여부</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="134"/>
        <source>Notify by</source>
        <translation>통지 방법</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="135"/>
        <source>Warnings</source>
        <translation>경고</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="136"/>
        <source>Send attempts</source>
        <translation>전송 시도 횟수</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="137"/>
        <source>Last error</source>
        <translation>마지막 오류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="138"/>
        <source>Official no.</source>
        <translation>공식 접수번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="139"/>
        <source>Registered</source>
        <translation>등록 일시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="140"/>
        <source>History</source>
        <translation>처리 이력</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="141"/>
        <source>Region</source>
        <translation>민원 발생 지역</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="142"/>
        <source>Attachments</source>
        <translation>첨부 서류</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="143"/>
        <source>Applicant type</source>
        <translation>신청인 구분</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="144"/>
        <source>Gender</source>
        <translation>성별</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="285"/>
        <source>Case queue</source>
        <translation>접수 대기열</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="292"/>
        <source>All states</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="301"/>
        <source>Receipt no. contains</source>
        <translation>접수번호 검색</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="305"/>
        <source>Name starts with</source>
        <translation>성명(앞부분)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="307"/>
        <source>Clear filters</source>
        <translation>필터 지우기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="312"/>
        <source>From</source>
        <translation>시작일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="313"/>
        <source>To</source>
        <translation>종료일</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="378"/>
        <source>Show resident registration number…</source>
        <translation>주민등록번호 보기…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="384"/>
        <source>Edit…</source>
        <translation>수정…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="386"/>
        <source>Correct a case that has not been sent yet</source>
        <translation>아직 전송하지 않은 민원을 고칩니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="391"/>
        <source>Extend period…</source>
        <translation>처리기간 연장…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="393"/>
        <source>Supervisor: extend the processing period (Enforcement Decree art. 21)</source>
        <translation>감독자: 처리기간 연장(시행령 제21조)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="526"/>
        <source>{n} cases</source>
        <translation>{n}건</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="559"/>
        <source>Select a case to see its details.</source>
        <translation>사건을 선택하면 상세 내용이 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="599"/>
        <source>{seq}. until {until}: {reason}</source>
        <translation>{seq}차: {until}까지 — {reason}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="635"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="635"/>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="746"/>
        <source>Corrected {receipt}; due date {due}.</source>
        <translation>{receipt} 수정 완료, 처리기한 {due}.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="751"/>
        <source>Nothing was changed.</source>
        <translation>바뀐 내용이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="796"/>
        <source>Period extended; due {due}. Tell the applicant the reason and the new date in writing (art. 21(3)); printing the notice comes with the documents.</source>
        <translation>처리기간을 연장했습니다. 처리기한 {due}. 연장 사유와 처리완료 예정일을 민원인에게 문서로 알리십시오(제21조③). 통지서 출력은 문서 기능과 함께 제공됩니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="297"/>
        <source>Received on or after this day (YYYY-MM-DD); empty for any</source>
        <translation>이 날짜 이후 접수 (YYYY-MM-DD), 비우면 전체</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="298"/>
        <source>Received on or before this day (YYYY-MM-DD); empty for any</source>
        <translation>이 날짜 이전 접수 (YYYY-MM-DD), 비우면 전체</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="442"/>
        <source>any date</source>
        <translation>전체 날짜</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="843"/>
        <source>Resident registration no.: {rrn} (hidden again in {n} s)</source>
        <translation>주민등록번호: {rrn} ({n}초 뒤 다시 가려집니다)</translation>
    </message>
</context>
<context>
    <name>RevealRrnDialog</name>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="164"/>
        <source>Show resident registration number</source>
        <translation>주민등록번호 보기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="167"/>
        <source>Viewing the full number is recorded in the audit log with your name and the reason.</source>
        <translation>전체 번호를 보면 이름과 사유가 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="176"/>
        <source>e.g. applicant asked to confirm the number</source>
        <translation>예: 신청인이 번호 확인을 요청함</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="177"/>
        <source>Supervisor passphrase</source>
        <translation>감독자 암호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="178"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="187"/>
        <source>Checking the passphrase…</source>
        <translation>암호를 확인하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="202"/>
        <source>Enter the reason for viewing the number.</source>
        <translation>번호를 확인하는 사유를 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/queue_page.py" line="230"/>
        <source>The number could not be shown because of an unexpected error; details are in the log file.</source>
        <translation>예상하지 못한 오류로 번호를 표시하지 못했습니다. 자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="57"/>
        <location filename="../../counter_app/ui/sign_in.py" line="103"/>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="62"/>
        <source>counter_app</source>
        <translation>민원 창구 지원</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="80"/>
        <source>Staff ID</source>
        <translation>직원 번호</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="81"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="105"/>
        <source>Quit program</source>
        <translation>프로그램 끝내기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="139"/>
        <source>Enter your staff ID.</source>
        <translation>직원 번호를 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="144"/>
        <source>Enter your PIN.</source>
        <translation>PIN을 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/sign_in.py" line="173"/>
        <source>The PIN could not be checked because of an unexpected error; details are in the log file.</source>
        <translation>예상하지 못한 오류로 PIN을 확인하지 못했습니다. 자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
</context>
<context>
    <name>StatusPlaceholderPage</name>
    <message>
        <location filename="../../counter_app/ui/placeholder_pages.py" line="35"/>
        <source>Service status</source>
        <translation>서비스 현황</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/placeholder_pages.py" line="39"/>
        <source>The service status board could not be opened on this terminal. For the current state of the central systems call the 120 call centre (dial 120 in Busan, 051-120 elsewhere).</source>
        <translation>이 단말기에서 서비스 현황판을 열 수 없습니다. 중앙 전산 시스템의 현재 상태는 120 콜센터(부산에서는 120, 다른 지역에서는 051-120)에 문의하십시오.</translation>
    </message>
</context>
</TS>
