/**
 * react-big-calendar's views, as the neighbour-range test uses them: each view's static navigate
 * and range, which @types/react-big-calendar does not declare for these module paths.
 */
type CalendarViewStatics = {
  navigate: (date: Date, action: 'NEXT' | 'PREV', props: object) => Date;
  range: (date: Date, props: object) => Date[] | { start: Date; end: Date };
};

declare module 'react-big-calendar/lib/Agenda' {
  const view: CalendarViewStatics;
  export default view;
}
declare module 'react-big-calendar/lib/Day' {
  const view: CalendarViewStatics;
  export default view;
}
declare module 'react-big-calendar/lib/Month' {
  const view: CalendarViewStatics;
  export default view;
}
declare module 'react-big-calendar/lib/Week' {
  const view: CalendarViewStatics;
  export default view;
}
declare module 'react-big-calendar/lib/WorkWeek' {
  const view: CalendarViewStatics;
  export default view;
}
