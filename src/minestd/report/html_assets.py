"""The HTML report's inline stylesheet (screen and print) and script (language switch, filters in the URL hash,
sortable tables): constants, no logic of their own."""

CSS = """
:root{--covered:#2e7d32;--in_progress:#b7791f;--revision_pending:#6b46c1;--gap:#c53030;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#fff}
header,main{max-width:1200px;margin:0 auto;padding:0 16px}
header{padding-top:16px;border-bottom:1px solid var(--line)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
.meta{color:var(--muted);margin:0 0 8px}
.langs{float:right}.langs button{border:1px solid var(--line);background:#f6f8fa;padding:2px 10px;cursor:pointer;border-radius:4px}
html[data-lang=zh] .langs [data-set-lang=zh],html[data-lang=en] .langs [data-set-lang=en]{background:#1f2328;color:#fff}
html[data-lang=zh] .en,html[data-lang=en] .zh{display:none}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px;cursor:pointer;background:#fff}
.card b{display:block;font-size:24px}
.card.covered b{color:var(--covered)}.card.in_progress b{color:var(--in_progress)}
.card.revision_pending b{color:var(--revision_pending)}.card.gap b{color:var(--gap)}
.card.ratio{cursor:default}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
#priority-table td:first-child{white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.hl td:first-child,tr.hl td:nth-child(2){font-weight:600}tr.hl{background:#fff8f0}
.bar{display:flex;width:180px;height:12px;background:#eee;border-radius:2px;overflow:hidden}
.bar span{display:block;height:100%}
.s-covered{background:var(--covered)}.s-in_progress{background:var(--in_progress)}
.s-revision_pending{background:var(--revision_pending)}.s-gap{background:var(--gap)}
.tag{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;position:sticky;top:0;z-index:2}
.filters input[type=search]{min-width:220px;padding:3px 6px}
.std{margin:0;padding-left:16px}.std li{margin:0}
.inferred{color:var(--muted)}.muted{color:var(--muted)}
.figure{border:1px solid var(--line);border-radius:6px;padding:8px;margin:8px 0;overflow:auto}
.figure svg{max-width:100%;height:auto}
tr[hidden]{display:none}
footer{color:var(--muted);max-width:1200px;margin:24px auto;padding:0 16px 24px}
@page{size:A4 portrait;margin:10mm}
@page wide{size:A4 landscape;margin:10mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:9pt;line-height:1.35}
header,main,footer{max-width:none;padding:0;margin:0}
.langs,.filters,button,input,select,summary{display:none!important}
th{position:static;cursor:auto}th[aria-sort]::after{content:""}
.card{cursor:auto;padding:4px 10px;min-width:0}.card b{font-size:16pt}
h2{font-size:13pt;break-after:avoid}h3{break-after:avoid}tr{break-inside:avoid}
.figure{border:0;padding:0;margin:0;overflow:visible;break-before:page;break-inside:avoid}
.figure.wide{page:wide}
.figure svg{display:block;width:auto;height:auto;max-width:100%;max-height:260mm}
.figure.wide svg{max-height:178mm}
}
"""

JS = r"""
(function(){
  var root=document.documentElement;
  var table=document.getElementById('priority-table');
  var rows=table?Array.prototype.slice.call(table.tBodies[0].rows):[];
  var boxes=Array.prototype.slice.call(document.querySelectorAll('input[name=status]'));
  var sub=document.getElementById('f-subsystem');
  var q=document.getElementById('f-q');
  function parseHash(){
    var out={};
    location.hash.replace(/^#/,'').split('&').forEach(function(kv){
      if(!kv)return;var i=kv.indexOf('=');
      var k=decodeURIComponent(i<0?kv:kv.slice(0,i));var v=i<0?'':decodeURIComponent(kv.slice(i+1).replace(/\+/g,' '));
      out[k]=v;});
    return out;
  }
  function writeHash(){
    var parts=[];
    var on=boxes.filter(function(b){return b.checked}).map(function(b){return b.value});
    if(on.length!==boxes.length)parts.push('status='+on.join(','));
    if(sub.value)parts.push('subsystem='+encodeURIComponent(sub.value));
    if(q.value)parts.push('q='+encodeURIComponent(q.value));
    if(root.getAttribute('data-lang')!==root.getAttribute('data-default-lang'))parts.push('lang='+root.getAttribute('data-lang'));
    var h=parts.length?'#'+parts.join('&'):'';
    try{history.replaceState(null,'',location.pathname+location.search+h);}catch(err){}
  }
  function apply(){
    var on={};boxes.forEach(function(b){if(b.checked)on[b.value]=1;});
    var s=sub.value, needle=q.value.trim().toLowerCase(), shown=0;
    rows.forEach(function(r){
      var ok=on[r.getAttribute('data-status')]&&(!s||r.getAttribute('data-subsystem')===s)&&
             (!needle||r.getAttribute('data-search').indexOf(needle)>=0);
      if(ok){r.removeAttribute('hidden');shown++;}else{r.setAttribute('hidden','');}
    });
    document.getElementById('shown-count').textContent=String(shown);
    table.setAttribute('data-shown',String(shown));
  }
  function setLang(l){root.setAttribute('data-lang',l);root.setAttribute('lang',l==='en'?'en':'zh');}
  function fromHash(){
    var h=parseHash();
    if(h.status!==undefined){var want=h.status.split(',');boxes.forEach(function(b){b.checked=want.indexOf(b.value)>=0;});}
    if(h.subsystem!==undefined)sub.value=h.subsystem;
    if(h.q!==undefined)q.value=h.q;
    if(h.lang==='en'||h.lang==='zh')setLang(h.lang);
    apply();
  }
  boxes.forEach(function(b){b.addEventListener('change',function(){apply();writeHash();});});
  sub.addEventListener('change',function(){apply();writeHash();});
  q.addEventListener('input',function(){apply();writeHash();});
  Array.prototype.forEach.call(document.querySelectorAll('[data-set-lang]'),function(btn){
    btn.addEventListener('click',function(){setLang(btn.getAttribute('data-set-lang'));writeHash();});});
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter-status]'),function(card){
    card.addEventListener('click',function(){var v=card.getAttribute('data-filter-status');
      boxes.forEach(function(b){b.checked=(b.value===v);});apply();writeHash();
      document.getElementById('priorities').scrollIntoView();});});
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter-subsystem]'),function(el){
    el.addEventListener('click',function(ev){if(ev.target.closest('th'))return;
      sub.value=el.getAttribute('data-filter-subsystem');apply();writeHash();
      document.getElementById('priorities').scrollIntoView();});});
  function key(cell){var v=cell.getAttribute('data-sort');if(v===null)v=cell.textContent.trim();
    var n=parseFloat(v);return (v!==''&&!isNaN(n)&&/^-?[\d.]+%?$/.test(v))?n:v.toLowerCase();}
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){
    Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,idx){
      th.setAttribute('title','sort / 排序');
      th.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        Array.prototype.forEach.call(t.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=t.tBodies[0];var rs=Array.prototype.slice.call(body.rows);
        rs.sort(function(a,b){var x=key(a.cells[idx]),y=key(b.cells[idx]);
          if(typeof x!==typeof y){x=String(x);y=String(y);}
          return (x<y?-1:x>y?1:0)*(asc?1:-1);});
        rs.forEach(function(r){body.appendChild(r);});
      });});});
  window.addEventListener('hashchange',fromHash);
  fromHash();
  root.setAttribute('data-ready','1');
})();
"""
