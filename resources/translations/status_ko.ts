<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AlternativeCard</name>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="83"/>
        <source>Phone: {phone}</source>
        <translation>전화: {phone}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="94"/>
        <source>Open the guide</source>
        <translation>절차 안내 열기</translation>
    </message>
</context>
<context>
    <name>GradeBars</name>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="244"/>
        <source>Restored by grade</source>
        <translation>등급별 복구 현황</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="253"/>
        <source>grade {grade}: {restored} of {total}</source>
        <translation>{grade}등급: {total}개 중 {restored}개</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="138"/>
        <source>Add a note</source>
        <translation>메모 추가</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="140"/>
        <source>What did you learn? (e.g. &quot;120 says Government24 is back since 14:00&quot;)</source>
        <translation>확인한 내용을 적으십시오. (예: &quot;120: 정부24 14:00부터 정상&quot;)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="145"/>
        <source>All systems</source>
        <translation>모든 시스템</translation>
    </message>
</context>
<context>
    <name>RestorationChart</name>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="51"/>
        <source>Restoration over time</source>
        <translation>시간별 복구 추이</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="61"/>
        <source>{restored} of {total} restored on {date}</source>
        <translation>{date} 기준 {total}개 중 {restored}개 복구</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="92"/>
        <source>No restoration history yet</source>
        <translation>복구 기록이 아직 없습니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="217"/>
        <source>{year} (KST)</source>
        <translation>{year}년 (한국 시간)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="223"/>
        <source>Restored</source>
        <translation>복구됨</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_chart.py" line="224"/>
        <source>Total systems</source>
        <translation>전체 시스템</translation>
    </message>
</context>
<context>
    <name>StatusDetail</name>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="151"/>
        <source>Select a system to see its details and the alternatives to offer at the counter.</source>
        <translation>시스템을 선택하면 상세 정보와 창구에서 안내할 대체 수단이 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="156"/>
        <location filename="../../counter_app/ui/status_detail.py" line="274"/>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="186"/>
        <source>Watch this system</source>
        <translation>관심 시스템으로 지정</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="193"/>
        <source>Ministry</source>
        <translation>소관 부처</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="194"/>
        <source>Grade</source>
        <translation>등급</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="195"/>
        <source>Status since</source>
        <translation>현재 상태 시작</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="196"/>
        <source>Restored at</source>
        <translation>복구 시각</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="197"/>
        <source>Source updated</source>
        <translation>출처 갱신</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="211"/>
        <source>Expected recovery: {range}</source>
        <translation>복구 예상: {range}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="219"/>
        <source>An estimate from the source, not a promise; check again before telling a date.</source>
        <translation>출처의 추정치이며 확정이 아닙니다. 날짜를 안내하기 전에 다시 확인하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="230"/>
        <source>Data loss: {notice}</source>
        <translation>자료 유실: {notice}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="239"/>
        <source>Affected services</source>
        <translation>영향받는 서비스</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="243"/>
        <source>Limited functions</source>
        <translation>제한된 기능</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="247"/>
        <source>Alternatives</source>
        <translation>대체 수단</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="250"/>
        <source>No alternative is listed. Take the application on paper and call 120 for guidance.</source>
        <translation>등록된 대체 수단이 없습니다. 서면으로 접수하고 120에 문의하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="260"/>
        <source>Counter procedure</source>
        <translation>창구 처리 절차</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="265"/>
        <source>Incidents</source>
        <translation>장애 공지</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="290"/>
        <source>{when} · {author}: {body}</source>
        <translation>{when} · {author}: {body}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_detail.py" line="206"/>
        <source>Expected recovery: not announced</source>
        <translation>복구 예정일: 발표되지 않음</translation>
    </message>
</context>
<context>
    <name>StatusLabels</name>
    <message>
        <location filename="../../counter_app/ui/status_labels.py" line="37"/>
        <source>en</source>
        <translation>ko</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_labels.py" line="120"/>
        <source>just now</source>
        <translation>방금 전</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_labels.py" line="124"/>
        <source>{n} min ago</source>
        <translation>{n}분 전</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_labels.py" line="127"/>
        <source>{n} h ago</source>
        <translation>{n}시간 전</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_labels.py" line="128"/>
        <source>{n} days ago</source>
        <translation>{n}일 전</translation>
    </message>
</context>
<context>
    <name>StatusModel</name>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="149"/>
        <source>not announced</source>
        <translation>발표되지 않음</translation>
    </message>
</context>
<context>
    <name>StatusPage</name>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="239"/>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="246"/>
        <source>Show only these</source>
        <translation>이것만 보기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="248"/>
        <source>Mark as seen</source>
        <translation>확인함으로 표시</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="290"/>
        <source>Refresh (F5)</source>
        <translation>새로 고침 (F5)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="295"/>
        <source>Status sources…</source>
        <translation>상태 정보 출처…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="298"/>
        <source>Add a note…</source>
        <translation>메모 추가…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="301"/>
        <source>Load a snapshot file…</source>
        <translation>스냅숏 파일 불러오기…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="330"/>
        <source>Search name, ministry or service (Ctrl+F)</source>
        <translation>시스템 이름, 부처, 서비스 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="335"/>
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="336"/>
        <source>Not operational</source>
        <translation>정상 아님</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="337"/>
        <source>Changed since last look</source>
        <translation>지난 확인 이후 변경</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="338"/>
        <source>Watched</source>
        <translation>관심 시스템</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="344"/>
        <source>Group by status</source>
        <translation>상태별 묶기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="345"/>
        <source>Group by ministry</source>
        <translation>부처별 묶기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="346"/>
        <source>Group by grade</source>
        <translation>등급별 묶기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="461"/>
        <source>{restored} of {total} restored ({percent:.1f}%)</source>
        <translation>복구 {restored} / {total} ({percent:.1f}%)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="458"/>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="499"/>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="500"/>
        <source>Source updated {time}</source>
        <translation>출처 갱신 {time}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="501"/>
        <source>Fetched {time}</source>
        <translation>가져온 시각 {time}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="518"/>
        <source>Historical record — snapshot of the 2025 fire outage, for practice</source>
        <translation>역사 기록 — 2025년 화재 장애 스냅숏, 연습용</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="535"/>
        <source>Last information received: {age} — check the network</source>
        <translation>마지막으로 받은 정보: {age} — 네트워크 확인 필요</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="542"/>
        <source>No information received yet — check the network</source>
        <translation>아직 받은 정보가 없습니다 — 네트워크 확인 필요</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="560"/>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="569"/>
        <source>{source} answered from another host: {url}</source>
        <translation>{source}: 다른 서버에서 응답했습니다: {url}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="575"/>
        <source>{source}: {count} item(s) skipped as malformed</source>
        <translation>{source}: 형식 오류로 항목 {count}개를 건너뛰었습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/status_page.py" line="618"/>
        <source>%n system(s) changed status since you last looked ({time})</source>
        <translation>
            <numerusform>%n개 시스템 상태 변경 (지난 확인 {time} 이후)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="648"/>
        <source>{name}: {old} → {new}</source>
        <translation>{name}: {old} → {new}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="653"/>
        <source>Watched systems changed status</source>
        <translation>관심 시스템의 상태가 바뀌었습니다</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="679"/>
        <source>Refreshing…</source>
        <translation>새로 고치는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="692"/>
        <source>Refreshing… {done}/{total}</source>
        <translation>새로 고치는 중… {done}/{total}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="714"/>
        <source>Some sources failed ({time})</source>
        <translation>일부 출처 실패 ({time})</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="716"/>
        <source>Checked {time}</source>
        <translation>확인 {time}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="725"/>
        <source>Refresh failed</source>
        <translation>새로 고침 실패</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="732"/>
        <source>Unexpected error ({kind})</source>
        <translation>예기치 않은 오류 ({kind})</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="799"/>
        <source>{shown} of {total} systems</source>
        <translation>{total}개 중 {shown}개</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="887"/>
        <source>Sign in as a supervisor first.</source>
        <translation>먼저 감독자로 로그인하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="898"/>
        <source>Only a supervisor can do this.</source>
        <translation>감독자만 할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="923"/>
        <source>Status sources saved.</source>
        <translation>상태 정보 출처를 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="937"/>
        <source>The note is empty.</source>
        <translation>메모 내용이 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="948"/>
        <source>Note saved.</source>
        <translation>메모를 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="951"/>
        <source>Load a status snapshot file</source>
        <translation>상태 스냅숏 파일 불러오기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="953"/>
        <source>Status snapshots (*.json)</source>
        <translation>상태 스냅숏 (*.json)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="953"/>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="968"/>
        <source>Snapshot loaded.</source>
        <translation>스냅숏을 불러왔습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="465"/>
        <source>as of {time}</source>
        <translation>{time} 기준</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="472"/>
        <source>All {total} systems, as of {time}: {counts}</source>
        <translation>전체 {total}개 시스템 ({time} 기준): {counts}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="477"/>
        <source>Listed below ({listed}): {counts}</source>
        <translation>아래 목록 ({listed}개): {counts}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="482"/>
        <source>As of {time}: {counts}</source>
        <translation>{time} 기준: {counts}</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="493"/>
        <source>Grades {grades} as of {time}; the others as of {source}</source>
        <translation>{grades}등급은 {time} 기준, 나머지는 {source} 기준</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="498"/>
        <source>Grades as of {time}</source>
        <translation>등급별 수치: {time} 기준</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_page.py" line="539"/>
        <source>A source could not be read; the board below is the information already on this computer</source>
        <translation>출처를 읽지 못했습니다. 아래 현황은 이 컴퓨터에 이미 있는 정보입니다</translation>
    </message>
</context>
<context>
    <name>StatusSourcesDialog</name>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="301"/>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="47"/>
        <source>Status sources</source>
        <translation>상태 정보 출처</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="58"/>
        <source>Where this counter reads the service status. Each source is a kind (native, statuspage, cachet) and a web address or a file path.</source>
        <translation>이 창구가 서비스 현황을 읽어 오는 곳입니다. 출처마다 종류(native, statuspage, cachet)와 웹 주소 또는 파일 경로를 지정합니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="71"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="74"/>
        <source>Test now</source>
        <translation>지금 시험</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="94"/>
        <source>https://… or a file path (or KIND:LOCATION)</source>
        <translation>https://… 또는 파일 경로 (또는 종류:위치)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="99"/>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="236"/>
        <source>Testing {source}…</source>
        <translation>{source} 시험 중…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="256"/>
        <source>OK: {source} answered with {count} systems.</source>
        <translation>정상: {source}에서 시스템 {count}개를 받았습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="259"/>
        <source>no answer</source>
        <translation>응답 없음</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="260"/>
        <location filename="../../counter_app/ui/status_sources_dialog.py" line="267"/>
        <source>Failed: {source}: {error}</source>
        <translation>실패: {source}: {error}</translation>
    </message>
</context>
<context>
    <name>StatusTreeModel</name>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="126"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="127"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="128"/>
        <source>Grade</source>
        <translation>등급</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="129"/>
        <source>Ministry</source>
        <translation>소관 부처</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="130"/>
        <source>Since</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="131"/>
        <source>Expected recovery</source>
        <translation>복구 예상</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="147"/>
        <location filename="../../counter_app/ui/status_model.py" line="217"/>
        <source>Changed since you last looked</source>
        <translation>지난 확인 이후 변경됨</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="279"/>
        <source>(ministry not given)</source>
        <translation>(소관 부처 미상)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_model.py" line="409"/>
        <source>{group} ({operational}/{total} operational)</source>
        <translation>{group} ({operational}/{total} 정상)</translation>
    </message>
</context>
</TS>
